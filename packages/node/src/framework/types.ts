/**
 * The one request/response shape every recipe handler is written against. Framework adapters
 * (express, fastify, koa, hono, node:http, fetch/Next.js) are thin translations into it.
 *
 * Why not `Request`/`Response` themselves: building a Fetch `Request` from an Express request
 * costs more than the whole verifySession budget (issue 3 bench). These interfaces keep Fetch's
 * vocabulary (lower-case header names, `Set-Cookie` as separate headers) but read lazily from
 * the framework's own objects. The fetch adapter (`framework/fetch.ts`) is the reference one.
 */
import type { OfficialRequestMethods, OfficialResponseMethods } from "./official-methods";

export interface SdkRequest extends OfficialRequestMethods {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** URL path without the query string, as received (not decoded). */
  readonly path: string;
  /** The full original URL if known (for building absolute redirects). */
  readonly url: string;
  /** Header by lower-case name; several values are joined with ", ". */
  getHeader(name: string): string | undefined;
  /** Cookie by exact name; undefined when absent. */
  getCookie(name: string): string | undefined;
  /** All cookie values with this name (duplicate `sAccessToken` detection, docs/protocol/fdi.md §3.1). */
  getCookieValues(name: string): string[];
  getQuery(name: string): string | undefined;
  /** Parsed JSON body; `{}` for an empty body. Throws SuperTokensError BAD_INPUT_ERROR on malformed JSON. */
  getJSONBody(): Promise<unknown>;
  /** Parsed `application/x-www-form-urlencoded` body (Apple's form_post). */
  getFormBody(): Promise<Record<string, string>>;
  /** The framework's own request object (express `req`, fetch `Request`, …). */
  readonly original: unknown;
}

export interface CookieToSet {
  name: string;
  value: string;
  domain?: string;
  path: string;
  /** Absolute expiry, ms since epoch. */
  expires: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: "strict" | "lax" | "none";
}

export interface SdkResponse extends OfficialResponseMethods {
  setStatus(status: number): void;
  /** `allowDuplicateKey`: append (comma-join) to an existing header instead of replacing it. */
  setHeader(name: string, value: string, allowDuplicateKey: boolean): void;
  removeHeader(name: string): void;
  setCookie(cookie: CookieToSet): void;
  /** Sends status (default 200) + JSON body and ends the response. */
  sendJSON(body: unknown): void;
  sendHTML(html: string): void;
  /** True once a body was sent. */
  readonly responseSent: boolean;
  readonly original: unknown;
}

/**
 * The session `verifySession` attaches as `req.session` (typed loosely here so the framework
 * layer does not depend on the Session recipe; its SessionContainer satisfies this).
 * [contract note: added by the SDK-platform engineer for express's SessionRequest.]
 */
export interface AttachedSession {
  getUserId(userContext?: Record<string, any>): string;
  getHandle(userContext?: Record<string, any>): string;
  getTenantId(userContext?: Record<string, any>): string;
  getAccessTokenPayload(userContext?: Record<string, any>): any;
  [method: string]: any;
}
