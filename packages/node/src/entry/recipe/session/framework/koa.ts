// Public path `@portcullis/node/recipe/session/framework/koa`.
import * as framework from "../../../../recipe/session/framework/koa";
export * from "../../../../recipe/session/framework/koa";
export default framework;
