/** `@portcullis/node/framework`: the adapters by name, as supertokens-node's `framework` module. */
export * as express from "./express";
export * as fastify from "./fastify";
export * as koa from "./koa";
export * as hono from "./hono";
export * as custom from "./custom";
export * as fetch from "./fetch";
export type { SdkRequest, SdkResponse, CookieToSet } from "./types";
