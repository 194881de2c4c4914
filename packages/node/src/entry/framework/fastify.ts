import * as framework from "../../framework/fastify";
export * from "../../framework/fastify";
export default framework;
