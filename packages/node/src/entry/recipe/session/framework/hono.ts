// Public path `@portcullis/node/recipe/session/framework/hono`.
import * as framework from "../../../../recipe/session/framework/hono";
export * from "../../../../recipe/session/framework/hono";
export default framework;
