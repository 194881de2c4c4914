// supertokens-node deep import `lib/build/types`: the same module as `@portcullis/node/types`.
export * from "../../types";
