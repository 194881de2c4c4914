import { IncomingMessage, ServerResponse } from "node:http";
import type { SdkRequest, SdkResponse } from "../../framework/types";
import { NodeSdkRequest, NodeSdkResponse } from "../../framework/node-request";
import { wrapRequest as wrapKoaRequest, wrapResponse as wrapKoaResponse } from "../../framework/koa";
import {
  wrapRequest as wrapFastifyRequest,
  wrapResponse as wrapFastifyResponse,
} from "../../framework/fastify";
import SuperTokens from "../../supertokens";

/**
 * `getSession(req, res)` and friends take what the app's framework hands out (express or
 * node:http req/res, Koa's `ctx` twice, Fastify's request/reply), or our own SdkRequest /
 * SdkResponse wrappers — as supertokens-node wraps by the configured `framework`.
 */
export function toSdkRequest(req: unknown): SdkRequest {
  const value = req as SdkRequest;
  if (typeof value?.getCookieValues === "function" && typeof value.getHeader === "function") return value;
  if (req instanceof IncomingMessage) {
    const withBody = req as IncomingMessage & { originalUrl?: string; body?: unknown };
    return new NodeSdkRequest(req, withBody.originalUrl ?? req.url, () => withBody.body);
  }
  const framework = SuperTokens.getInstance()?.framework;
  if (framework === "koa" || isKoaContext(req)) return wrapKoaRequest(req as any);
  if (framework === "fastify" || (req as { raw?: unknown })?.raw instanceof IncomingMessage) {
    return wrapFastifyRequest(req as any);
  }
  throw new TypeError(
    "Session: pass the framework's request (express, node:http, koa ctx, fastify) or an SdkRequest",
  );
}

export function toSdkResponse(res: unknown): SdkResponse {
  const value = res as SdkResponse;
  if (typeof value?.setCookie === "function" && typeof value.sendJSON === "function") return value;
  if (res instanceof ServerResponse) return new NodeSdkResponse(res);
  const framework = SuperTokens.getInstance()?.framework;
  if (framework === "koa" || isKoaContext(res)) return wrapKoaResponse(res as any);
  if (framework === "fastify" || (res as { raw?: unknown })?.raw instanceof ServerResponse) {
    return wrapFastifyResponse(res as any);
  }
  throw new TypeError(
    "Session: pass the framework's response (express, node:http, koa ctx, fastify) or an SdkResponse",
  );
}

function isKoaContext(value: unknown): boolean {
  const ctx = value as { req?: unknown; res?: unknown; cookies?: unknown };
  return (
    ctx?.req instanceof IncomingMessage && ctx.res instanceof ServerResponse && ctx.cookies !== undefined
  );
}
