import * as framework from "../../framework/hono";
export * from "../../framework/hono";
export default framework;
