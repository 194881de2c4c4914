/**
 * `@portcullis/node/custom` (docs/protocol/sdk-surface.md §1.1): helpers for any framework that hands out Fetch-like
 * requests (`{url, method, headers, json(), formData()}`) — Next.js App Router, Remix, Astro…
 *
 * - `handleAuthAPIRequest()` → `(req: Request) => Promise<Response>`: the SDK's APIs; 404 for
 *   anything else.
 * - `withPreParsedRequestResponse(req, handler)`: runs `handler(PreParsedRequest,
 *   CollectingResponse)` and copies the cookies and headers the SDK set onto the handler's
 *   Response; SuperTokens errors become their answers (401, 403, …).
 * - `withSession(req, handler(err, session), options?)`: `getSession` inside the above.
 * - `getSessionForSSR(req)` / `getSessionForSSRUsingAccessToken(token)`: verify the access token
 *   only (no refresh, no writes): `{accessTokenPayload, hasToken, error}`.
 *
 * Responses that got cookies or headers from the SDK also get
 * `Cache-Control: no-cache, no-store, max-age=0, must-revalidate` unless they have one, so a CDN
 * (Vercel) never serves someone's refreshed tokens from cache.
 */
import { parseCookieHeader } from "./framework/cookie";
import { CollectingResponse, PreParsedRequest, middleware, errorHandler } from "./framework/custom";
import type { AttachedSession } from "./framework/types";
import SuperTokens from "./supertokens";
import Session from "./recipe/session";

const NO_CACHE = "no-cache, no-store, max-age=0, must-revalidate";

export interface ParsableRequest {
  url: string;
  method: string;
  headers: Headers;
  formData: () => Promise<FormData> | any;
  json: () => Promise<any> | any;
}

export interface SSRSession {
  accessTokenPayload: Record<string, any> | undefined;
  hasToken: boolean;
  error: Error | undefined;
}

/** First value of each cookie (percent-decoded), as a record. */
export function getCookieFromRequest<RequestType extends ParsableRequest = Request>(
  request: RequestType,
): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const [name, values] of parseCookieHeader(request.headers.get("cookie") ?? undefined))
    cookies[name] = values[0]!;
  return cookies;
}

export function getQueryFromRequest<RequestType extends ParsableRequest = Request>(
  request: RequestType,
): Record<string, string> {
  const query: Record<string, string> = {};
  new URL(request.url).searchParams.forEach((value, key) => {
    query[key] = value;
  });
  return query;
}

function createPreParsedRequest(request: ParsableRequest): PreParsedRequest {
  return new PreParsedRequest({
    url: request.url,
    method: request.method,
    headers: request.headers,
    cookies: getCookieFromRequest(request),
    query: getQueryFromRequest(request),
    // GET and HEAD carry no body; Request.json() would throw on them.
    getJSONBody: async () => (request.method === "GET" || request.method === "HEAD" ? {} : request.json()),
    getFormBody: async () =>
      request.method === "GET" || request.method === "HEAD" ? {} : request.formData(),
  });
}

/** The SDK's status, headers, cookies and body as a Fetch Response. */
function toResponse(collected: CollectingResponse): Response {
  const headers = new Headers(collected.headers);
  for (const line of collected.getSetCookieHeaders()) headers.append("set-cookie", line);
  const nullBody = collected.statusCode === 204 || collected.statusCode === 304;
  return new Response(nullBody ? null : (collected.body ?? null), { status: collected.statusCode, headers });
}

/** Copies what the SDK set onto the user's response (SDK headers win, cookies are appended). */
function addSdkHeaders<ResponseType extends Response>(
  collected: CollectingResponse,
  userResponse: ResponseType,
): ResponseType {
  let added = false;
  for (const line of collected.getSetCookieHeaders()) {
    userResponse.headers.append("set-cookie", line);
    added = true;
  }
  collected.headers.forEach((value, name) => {
    userResponse.headers.set(name, value);
    added = true;
  });
  if (added && !userResponse.headers.has("cache-control"))
    userResponse.headers.set("cache-control", NO_CACHE);
  return userResponse;
}

export async function withPreParsedRequestResponse<
  RequestType extends ParsableRequest = Request,
  ResponseType extends Response = Response,
>(
  req: RequestType,
  handler: (baseRequest: PreParsedRequest, baseResponse: CollectingResponse) => Promise<ResponseType>,
): Promise<ResponseType> {
  const baseRequest = createPreParsedRequest(req);
  const baseResponse = new CollectingResponse();
  let userResponse: ResponseType;
  try {
    userResponse = await handler(baseRequest, baseResponse);
  } catch (err) {
    // Errors no recipe answers (a bug in the handler, the core unreachable) propagate as thrown.
    await errorHandler()(err, baseRequest, baseResponse, (unhandled?: unknown) => {
      if (unhandled !== undefined) throw unhandled;
    });
    // The SDK's answer; its headers are copied again below, which changes nothing.
    userResponse = toResponse(baseResponse) as ResponseType;
  }
  return addSdkHeaders(baseResponse, userResponse);
}

export function handleAuthAPIRequest(): (req: Request) => Promise<Response> {
  const stMiddleware = middleware<PreParsedRequest, CollectingResponse>(
    (req) => req,
    (res) => res,
  );
  return (req: Request) =>
    withPreParsedRequestResponse(req, async (baseRequest, baseResponse) => {
      const result = await stMiddleware(baseRequest, baseResponse);
      if (result.error !== undefined) throw result.error;
      if (!result.handled) return new Response("Not found", { status: 404 });
      return toResponse(baseResponse);
    });
}

export async function withSession<
  RequestType extends ParsableRequest = Request,
  ResponseType extends Response = Response,
>(
  request: RequestType,
  handler: (error: Error | undefined, session: AttachedSession | undefined) => Promise<ResponseType>,
  options?: Record<string, any>,
  userContext?: Record<string, any>,
): Promise<ResponseType> {
  try {
    return await withPreParsedRequestResponse(request, async (baseRequest, baseResponse) => {
      const session = await Session.getSession(baseRequest, baseResponse, options as any, userContext);
      return handler(undefined, session as AttachedSession | undefined);
    });
  } catch (error) {
    return handler(error as Error, undefined);
  }
}

export async function getSessionForSSR<RequestType extends ParsableRequest = Request>(
  request: RequestType,
): Promise<SSRSession> {
  return getSessionForSSRUsingAccessToken(getCookieFromRequest(request)["sAccessToken"]);
}

/**
 * Verifies the access token only: no refresh and no response, because tokens a server
 * component changed would never reach the browser. An invalid or expired token is not an
 * error here (`accessTokenPayload` is undefined and the page should let the frontend refresh);
 * `error` is for a setup problem (init not called, Session not in the recipeList).
 */
export async function getSessionForSSRUsingAccessToken(accessToken: string | undefined): Promise<SSRSession> {
  const hasToken = accessToken !== undefined && accessToken !== "";
  try {
    SuperTokens.getInstanceOrThrow().getRecipeOrThrow("session");
  } catch (error) {
    return { accessTokenPayload: undefined, hasToken, error: error as Error };
  }
  if (!hasToken) return { accessTokenPayload: undefined, hasToken, error: undefined };
  try {
    const session = await Session.getSessionWithoutRequestResponse(accessToken, undefined, {
      antiCsrfCheck: false,
      checkDatabase: false,
      overrideGlobalClaimValidators: () => [],
    });
    return { accessTokenPayload: session?.getAccessTokenPayload(), hasToken, error: undefined };
  } catch {
    return { accessTokenPayload: undefined, hasToken, error: undefined };
  }
}
