/**
 * `@portcullis/node/framework/custom` (docs/protocol/sdk-surface.md §1.1): for frameworks without an adapter of
 * their own, and for plain node:http.
 *
 * - `PreParsedRequest` is a request the caller has already taken apart (URL, method, `Headers`,
 *   cookies, query, body readers) — what `/nextjs` and `/custom` build from a Fetch `Request`.
 * - `CollectingResponse` keeps status, headers, cookies and body for the caller to send.
 * - `middleware(wrapRequest?, wrapResponse?)` answers FDI routes and resolves to `{handled}` or
 *   `{error}`; with `next` it also calls `next()` / `next(err)` like a connect middleware.
 *   Without wrappers it takes SdkRequest/SdkResponse objects (PreParsedRequest,
 *   CollectingResponse) *or* node:http's `IncomingMessage`/`ServerResponse` as they come, so
 *   `http.createServer((req, res) => middleware()(req, res, next))` works as is.
 */
import { IncomingMessage, ServerResponse } from "node:http";
import { badInput } from "../error";
import SuperTokens from "../supertokens";
import { makeUserContextFromRequest, type UserContext } from "../user-context";
import { parseFormBody } from "./body";
import { serializeCookie } from "./cookie";
import { NodeSdkRequest, NodeSdkResponse } from "./node-request";
import type { AttachedSession, CookieToSet, SdkRequest, SdkResponse } from "./types";
import {
  installOfficialRequestMethods,
  type OfficialRequestMethods,
  installOfficialResponseMethods,
  type OfficialResponseMethods,
} from "./official-methods";

type HTTPMethod = "post" | "get" | "delete" | "put" | "patch" | "options" | "trace";

export interface RequestInfo {
  url: string;
  method: HTTPMethod | string;
  headers: Headers;
  cookies: Record<string, string>;
  query: Record<string, string>;
  getJSONBody: () => Promise<any>;
  getFormBody: () => Promise<any>;
  setSession?: (session: AttachedSession) => void;
}

export class PreParsedRequest implements SdkRequest {
  private sessionValue: AttachedSession | undefined;
  private readonly pathValue: string;

  constructor(private readonly request: RequestInfo) {
    this.pathValue = pathOf(request.url);
  }

  get original(): RequestInfo {
    return this.request;
  }

  get session(): AttachedSession | undefined {
    return this.sessionValue;
  }

  set session(value: AttachedSession | undefined) {
    this.sessionValue = value;
    if (value !== undefined) this.request.setSession?.(value);
  }

  get method(): string {
    return this.request.method.toUpperCase();
  }

  get path(): string {
    return this.pathValue;
  }

  get url(): string {
    return this.request.url;
  }

  getHeader(name: string): string | undefined {
    return this.request.headers.get(name) ?? undefined;
  }

  getCookie(name: string): string | undefined {
    return this.request.cookies[name];
  }

  /** The caller parsed cookies into a record: duplicates are already gone, at most one value. */
  getCookieValues(name: string): string[] {
    const value = this.request.cookies[name];
    return value === undefined ? [] : [value];
  }

  getQuery(name: string): string | undefined {
    return this.request.query[name];
  }

  async getJSONBody(): Promise<unknown> {
    // An empty or missing body is `{}` (docs/protocol/fdi.md §2 "Requests": refresh and signout send none).
    const body = await this.request.getJSONBody().catch((error: unknown) => {
      if (error instanceof SyntaxError) return parseEmptyOrThrow(error);
      throw error;
    });
    return body ?? {};
  }

  async getFormBody(): Promise<Record<string, string>> {
    const body = await this.request.getFormBody();
    if (body === undefined || body === null) return {};
    if (typeof body === "string") return parseFormBody(body);
    if (typeof (body as FormData).forEach === "function" && typeof (body as FormData).get === "function") {
      const form: Record<string, string> = {};
      (body as FormData).forEach((value, key) => {
        if (typeof value === "string") form[key] = value;
      });
      return form;
    }
    return body as Record<string, string>;
  }
}

/** `Request.json()` on an empty body throws SyntaxError; the FDI treats no body as `{}`. */
function parseEmptyOrThrow(error: SyntaxError): unknown {
  if (/Unexpected end of JSON input/i.test(error.message)) return {};
  throw badInput("Invalid JSON body");
}

function pathOf(url: string): string {
  let start = 0;
  const scheme = url.indexOf("://");
  if (scheme !== -1) {
    const slash = url.indexOf("/", scheme + 3);
    if (slash === -1) return "/";
    start = slash;
  }
  const query = url.indexOf("?", start);
  const hash = url.indexOf("#", start);
  const end = query === -1 ? (hash === -1 ? url.length : hash) : hash === -1 ? query : Math.min(query, hash);
  return url.slice(start, end) || "/";
}

/** A cookie as `CollectingResponse.cookies` lists it (supertokens-node's `CookieInfo` shape). */
export interface CookieInfo {
  key: string;
  value: string;
  domain: string | undefined;
  secure: boolean;
  httpOnly: boolean;
  expires: number;
  path: string;
  sameSite: "strict" | "lax" | "none";
}

export class CollectingResponse implements SdkResponse {
  statusCode = 200;
  readonly headers = new Headers();
  readonly cookies: CookieInfo[] = [];
  body?: string;
  private sent = false;

  get original(): CollectingResponse {
    return this;
  }

  get responseSent(): boolean {
    return this.sent;
  }

  setStatus(status: number): void {
    if (!this.sent) this.statusCode = status;
  }

  setHeader(name: string, value: string, allowDuplicateKey: boolean): void {
    const existing = this.headers.get(name);
    if (allowDuplicateKey && existing !== null && existing !== "")
      this.headers.set(name, `${existing}, ${value}`);
    else this.headers.set(name, value);
  }

  removeHeader(name: string): void {
    this.headers.delete(name);
  }

  setCookie(cookie: CookieToSet): void {
    const index = this.cookies.findIndex(
      (c) => c.key === cookie.name && c.path === cookie.path && c.domain === cookie.domain,
    );
    const info: CookieInfo = {
      key: cookie.name,
      value: cookie.value,
      domain: cookie.domain,
      secure: cookie.secure,
      httpOnly: cookie.httpOnly,
      expires: cookie.expires,
      path: cookie.path,
      sameSite: cookie.sameSite,
    };
    if (index === -1) this.cookies.push(info);
    else this.cookies[index] = info;
  }

  /** The cookies as `Set-Cookie` header values (`setCookie` already kept one per name/path/domain). */
  getSetCookieHeaders(): string[] {
    return this.cookies.map((c) =>
      serializeCookie({
        name: c.key,
        value: c.value,
        domain: c.domain,
        path: c.path,
        expires: c.expires,
        httpOnly: c.httpOnly,
        secure: c.secure,
        sameSite: c.sameSite,
      }),
    );
  }

  sendJSON(body: unknown): void {
    if (this.sent) return;
    this.headers.set("content-type", "application/json; charset=utf-8");
    this.body = JSON.stringify(body);
    this.sent = true;
  }

  sendHTML(html: string): void {
    if (this.sent) return;
    this.headers.set("content-type", "text/html; charset=utf-8");
    this.body = html;
    this.sent = true;
  }
}

export type NextFunction = (err?: any) => void;

function isSdkRequest(value: unknown): value is SdkRequest {
  return (
    typeof (value as SdkRequest | undefined)?.getJSONBody === "function" &&
    typeof (value as SdkRequest).getCookie === "function"
  );
}

function isSdkResponse(value: unknown): value is SdkResponse {
  return (
    typeof (value as SdkResponse | undefined)?.sendJSON === "function" &&
    typeof (value as SdkResponse).setCookie === "function"
  );
}

/** Takes what it is given as is when it is already an SdkRequest; node:http objects are wrapped. */
export function wrapRequest(request: unknown): SdkRequest {
  if (isSdkRequest(request)) return request;
  if (request instanceof IncomingMessage) {
    const withBody = request as IncomingMessage & { body?: unknown; originalUrl?: string };
    return new NodeSdkRequest(request, withBody.originalUrl ?? request.url, () => withBody.body);
  }
  throw new TypeError(
    "framework/custom: pass a PreParsedRequest, an IncomingMessage, or a wrapRequest function to middleware()",
  );
}

export function wrapResponse(response: unknown): SdkResponse {
  if (isSdkResponse(response)) return response;
  if (response instanceof ServerResponse) return new NodeSdkResponse(response);
  throw new TypeError(
    "framework/custom: pass a CollectingResponse, a ServerResponse, or a wrapResponse function to middleware()",
  );
}

export type MiddlewareResult = { handled: boolean; error?: undefined } | { error: any; handled?: undefined };

export function middleware<OrigReqType = SdkRequest, OrigRespType = SdkResponse>(
  wrapReq: (req: OrigReqType) => SdkRequest = wrapRequest,
  wrapRes: (res: OrigRespType) => SdkResponse = wrapResponse,
): (request: OrigReqType, response: OrigRespType, next?: NextFunction) => Promise<MiddlewareResult> {
  return async (request, response, next) => {
    let supertokens: SuperTokens;
    let wrappedRequest: SdkRequest;
    let wrappedResponse: SdkResponse;
    let userContext: UserContext;
    try {
      supertokens = SuperTokens.getInstanceOrThrow();
      wrappedRequest = wrapReq(request);
      wrappedResponse = wrapRes(response);
      userContext = makeUserContextFromRequest(wrappedRequest);
    } catch (error) {
      next?.(error);
      return { error };
    }
    try {
      const handled = await supertokens.middleware(wrappedRequest, wrappedResponse, userContext);
      if (!handled) next?.();
      return { handled };
    } catch (error) {
      try {
        await supertokens.errorHandler(error, wrappedRequest, wrappedResponse, userContext);
        return { handled: true };
      } catch {
        next?.(error);
        return { error };
      }
    }
  };
}

/** `(err, request, response, next)`: answers SuperTokens errors, passes others to `next(err)`. */
export function errorHandler() {
  return async (err: unknown, request: unknown, response: unknown, next: NextFunction): Promise<void> => {
    const supertokens = SuperTokens.getInstanceOrThrow();
    const wrappedRequest = wrapRequest(request);
    const wrappedResponse = wrapResponse(response);
    try {
      await supertokens.errorHandler(
        err,
        wrappedRequest,
        wrappedResponse,
        makeUserContextFromRequest(wrappedRequest),
      );
      return next();
    } catch (unhandled) {
      return next(unhandled);
    }
  };
}

export const CustomFrameworkWrapper = { middleware, errorHandler, wrapRequest, wrapResponse };

// supertokens-node's method names on this wrapper (framework/official-methods.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PreParsedRequest extends OfficialRequestMethods {}
installOfficialRequestMethods(PreParsedRequest.prototype);

// supertokens-node's method names on this wrapper (framework/official-methods.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CollectingResponse extends OfficialResponseMethods {}
installOfficialResponseMethods(CollectingResponse.prototype);
