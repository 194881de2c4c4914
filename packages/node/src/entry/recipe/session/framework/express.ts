import * as entry from "../../../../recipe/session/framework/express";
export * from "../../../../recipe/session/framework/express";
export default entry;
