/**
 * `@portcullis/node/framework/fastify` (docs/protocol/sdk-surface.md §1.1): `plugin` answers FDI routes from a
 * `preHandler` hook (after Fastify parsed the body), `errorHandler()` is for
 * `fastify.setErrorHandler`. The plugin is marked `skip-override` (what fastify-plugin does) so
 * its hook applies to the whole app, not only to routes registered inside it.
 *
 * Fastify answers unknown routes with its not-found handler, whose hooks run too: that is where
 * `/auth/...` requests are caught, as no route exists for them.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import SuperTokens from "../supertokens";
import { makeUserContextFromRequest } from "../user-context";
import { mergeSetCookie } from "./cookie";
import { NodeSdkRequest } from "./node-request";
import type { AttachedSession, CookieToSet, SdkRequest, SdkResponse } from "./types";
import { installOfficialResponseMethods, type OfficialResponseMethods } from "./official-methods";

export type SessionRequest = FastifyRequest & { session?: AttachedSession };

export function wrapRequest(req: FastifyRequest): SdkRequest {
  return new NodeSdkRequest(req.raw, req.url, () => req.body);
}

export function wrapResponse(reply: FastifyReply): SdkResponse {
  return new FastifySdkResponse(reply);
}

export class FastifySdkResponse implements SdkResponse {
  constructor(readonly original: FastifyReply) {}

  get responseSent(): boolean {
    return this.original.sent;
  }

  setStatus(status: number): void {
    if (!this.original.sent) this.original.code(status);
  }

  setHeader(name: string, value: string, allowDuplicateKey: boolean): void {
    const existing = this.original.getHeader(name);
    if (allowDuplicateKey && existing !== undefined && existing !== "") {
      this.original.header(
        name,
        `${Array.isArray(existing) ? existing.join(", ") : String(existing)}, ${value}`,
      );
    } else {
      this.original.header(name, value);
    }
  }

  removeHeader(name: string): void {
    this.original.removeHeader(name);
  }

  setCookie(cookie: CookieToSet): void {
    const existing = this.original.getHeader("set-cookie");
    const lines =
      existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)];
    // Fastify appends to set-cookie; remove first so a cookie set twice is sent once.
    this.original.removeHeader("set-cookie");
    this.original.header("set-cookie", mergeSetCookie(lines, cookie));
  }

  sendJSON(body: unknown): void {
    if (this.original.sent) return;
    this.original.header("content-type", "application/json; charset=utf-8");
    this.original.send(JSON.stringify(body));
  }

  sendHTML(html: string): void {
    if (this.original.sent) return;
    this.original.header("content-type", "text/html; charset=utf-8");
    this.original.send(html);
  }
}

// An async hook that answered must return the reply, or Fastify goes on to the route handler.
async function preHandler(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const supertokens = SuperTokens.getInstanceOrThrow();
  // The fast path for every non-auth request: one string test, nothing allocated.
  if (!supertokens.isUnderApiBasePath(req.url)) return undefined;
  const request = wrapRequest(req);
  const response = wrapResponse(reply);
  const userContext = makeUserContextFromRequest(request);
  try {
    if (!(await supertokens.middleware(request, response, userContext))) return undefined;
  } catch (err) {
    await supertokens.errorHandler(err, request, response, userContext);
  }
  return reply;
}

export function plugin(fastify: FastifyInstance, _options: unknown, done: (err?: Error) => void): void {
  fastify.addHook("preHandler", preHandler);
  done();
}
(plugin as unknown as Record<symbol, boolean>)[Symbol.for("skip-override")] = true;

/** For `fastify.setErrorHandler(errorHandler())`; other errors get Fastify's default answer. */
export function errorHandler() {
  return async (err: unknown, req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const supertokens = SuperTokens.getInstanceOrThrow();
    const request = wrapRequest(req);
    const response = wrapResponse(reply);
    try {
      await supertokens.errorHandler(err, request, response, makeUserContextFromRequest(request));
    } catch (unhandled) {
      const status = (unhandled as { statusCode?: number }).statusCode;
      reply.code(typeof status === "number" && status >= 400 ? status : 500);
      reply.send(unhandled);
    }
  };
}

export const FastifyWrapper = { plugin, errorHandler, wrapRequest, wrapResponse };

// supertokens-node's method names on this wrapper (framework/official-methods.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FastifySdkResponse extends OfficialResponseMethods {}
installOfficialResponseMethods(FastifySdkResponse.prototype);
