/**
 * `@portcullis/node/framework/hono` (ours; supertokens-node has no Hono adapter): Hono speaks
 * Fetch `Request`/`Response`, so this is the fetch adapter (`handleFetchRequest`) behind a Hono
 * middleware. Works wherever Hono runs (node via @hono/node-server, Bun, Deno, workers).
 *
 *   app.use("*", cors({ origin, allowHeaders: ["content-type", ...supertokens.getAllCORSHeaders()], credentials: true }));
 *   app.use("*", middleware());
 */
import type { Context, MiddlewareHandler } from "hono";
import SuperTokensError from "../error";
import SuperTokens from "../supertokens";
import { makeUserContextFromRequest } from "../user-context";
import { CollectingResponse, FetchSdkRequest, handleFetchRequest } from "./fetch";
import type { AttachedSession, SdkRequest, SdkResponse } from "./types";

/** What `verifySession()` for Hono sets: `c.get("session")`. */
export type SessionVariables = { session?: AttachedSession };

export function middleware(): MiddlewareHandler {
  return async (c, next) => {
    // The fast path for every non-auth request: one string test on the path Hono already parsed.
    if (!SuperTokens.getInstanceOrThrow().isUnderApiBasePath(c.req.path)) return next();
    const response = await handleFetchRequest(c.req.raw);
    if (response === undefined) return next();
    return response;
  };
}

/**
 * For `app.onError(errorHandler())`: Hono routes errors thrown by handlers there, not back
 * through middleware. SuperTokens errors (e.g. from `Session.getSession`) get the SDK's answer
 * (401, 403, …); others go to `fallback`, or a plain 500.
 */
export function errorHandler(fallback?: (err: Error, c: Context) => Response | Promise<Response>) {
  return async (err: Error, c: Context): Promise<Response> => {
    if (SuperTokensError.isErrorFromSuperTokens(err)) {
      const request = wrapRequest(c);
      const response = wrapResponse(c);
      try {
        await SuperTokens.getInstanceOrThrow().errorHandler(
          err,
          request,
          response,
          makeUserContextFromRequest(request),
        );
        return response.toResponse();
      } catch {
        // not answered by any recipe: treat it like any other error
      }
    }
    return fallback ? fallback(err, c) : new Response("Internal Server Error", { status: 500 });
  };
}

export function wrapRequest(c: Context): SdkRequest {
  return new FetchSdkRequest(c.req.raw);
}

/**
 * A response that collects what the SDK sets; `applyToContext` copies it onto Hono's response
 * (headers via `c.header`, so they survive whatever the handler returns).
 */
export function wrapResponse(_c?: Context): CollectingResponse {
  return new CollectingResponse();
}

/** Copies headers and cookies the SDK set (e.g. refreshed tokens) onto the Hono context. */
export function applyToContext(collected: CollectingResponse, c: Context): void {
  collected.headers.forEach((value, name) => c.header(name, value));
  for (const line of collected.cookies) c.header("set-cookie", line, { append: true });
}

export type { SdkResponse };
export const HonoWrapper = { middleware, errorHandler, wrapRequest, wrapResponse, applyToContext };
