import * as framework from "../../framework/koa";
export * from "../../framework/koa";
export default framework;
