// Public path `@portcullis/node/recipe/session/framework/fastify`.
import * as framework from "../../../../recipe/session/framework/fastify";
export * from "../../../../recipe/session/framework/fastify";
export default framework;
