// supertokens-node deep import `lib/build/framework/express/framework`.
export * from "../../../../../framework/express";
