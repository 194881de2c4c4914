/**
 * `@portcullis/node/framework/koa` (docs/protocol/sdk-surface.md §1.1): `middleware()` answers FDI routes; Koa has
 * no error-middleware, so SuperTokens errors are answered inside the middleware (and by
 * `verifySession`) and anything else is rethrown to Koa.
 *
 * The response is written through `ctx` (status, `ctx.set`, `ctx.body`), not `ctx.res`, so Koa's
 * own response handling and upstream middleware still see it.
 */
import type { Context, Next } from "koa";
import SuperTokensError from "../error";
import SuperTokens from "../supertokens";
import { makeUserContextFromRequest } from "../user-context";
import { mergeSetCookie } from "./cookie";
import { NodeSdkRequest } from "./node-request";
import type { AttachedSession, CookieToSet, SdkRequest, SdkResponse } from "./types";
import { installOfficialResponseMethods, type OfficialResponseMethods } from "./official-methods";

export type SessionContext = Context & { session?: AttachedSession };

export function wrapRequest(ctx: Context): SdkRequest {
  // koa-bodyparser (or @koa/bodyparser) leaves the parsed body on ctx.request.body.
  return new NodeSdkRequest(ctx.req, ctx.originalUrl, () => (ctx.request as { body?: unknown }).body);
}

export function wrapResponse(ctx: Context): SdkResponse {
  return new KoaSdkResponse(ctx);
}

export class KoaSdkResponse implements SdkResponse {
  private sent = false;

  constructor(readonly original: Context) {}

  get responseSent(): boolean {
    return this.sent || this.original.res.writableEnded;
  }

  setStatus(status: number): void {
    if (!this.responseSent) this.original.status = status;
  }

  setHeader(name: string, value: string, allowDuplicateKey: boolean): void {
    const existing = this.original.response.get(name) as string | string[] | undefined;
    if (allowDuplicateKey && existing !== undefined && existing !== "" && existing.length !== 0) {
      this.original.set(
        name,
        `${Array.isArray(existing) ? existing.join(", ") : String(existing)}, ${value}`,
      );
    } else {
      this.original.set(name, value);
    }
  }

  removeHeader(name: string): void {
    this.original.remove(name);
  }

  setCookie(cookie: CookieToSet): void {
    const existing = this.original.response.get("set-cookie") as string | string[] | undefined;
    const lines =
      existing === undefined || existing === "" ? [] : Array.isArray(existing) ? existing : [existing];
    this.original.set("set-cookie", mergeSetCookie(lines, cookie));
  }

  sendJSON(body: unknown): void {
    if (this.responseSent) return;
    // Koa keeps an explicitly set status; without one, assigning a body makes it 200.
    this.original.set("content-type", "application/json; charset=utf-8");
    this.original.body = JSON.stringify(body);
    this.sent = true;
  }

  sendHTML(html: string): void {
    if (this.responseSent) return;
    this.original.set("content-type", "text/html; charset=utf-8");
    this.original.body = html;
    this.sent = true;
  }
}

/**
 * Errors thrown downstream (`await Session.getSession(ctx, ctx)` in a route) come back through
 * `next()`: SuperTokens errors are answered here (401, 403, …), as Koa has no error middleware
 * for them; anything else goes on up to Koa.
 */
export function middleware() {
  return async (ctx: Context, next: Next): Promise<void> => {
    const supertokens = SuperTokens.getInstanceOrThrow();
    // The fast path for every non-auth request: one string test, nothing allocated.
    if (!supertokens.isUnderApiBasePath(ctx.originalUrl)) {
      try {
        await next();
      } catch (err) {
        if (!SuperTokensError.isErrorFromSuperTokens(err)) throw err;
        const request = wrapRequest(ctx);
        await supertokens.errorHandler(err, request, wrapResponse(ctx), makeUserContextFromRequest(request));
      }
      return;
    }
    const request = wrapRequest(ctx);
    const response = wrapResponse(ctx);
    const userContext = makeUserContextFromRequest(request);
    let handled: boolean;
    try {
      handled = await supertokens.middleware(request, response, userContext);
    } catch (err) {
      await supertokens.errorHandler(err, request, response, userContext);
      return;
    }
    if (!handled) await next();
  };
}

export const KoaWrapper = { middleware, wrapRequest, wrapResponse };

// supertokens-node's method names on this wrapper (framework/official-methods.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KoaSdkResponse extends OfficialResponseMethods {}
installOfficialResponseMethods(KoaSdkResponse.prototype);
