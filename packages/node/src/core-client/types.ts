/**
 * The SDK's only way to reach the core (ARCHITECTURE.md): one interface, two transports.
 * - `http` (`http://a:3567;http://b:3567`): round-robin with failover, `api-key`, 429 retry,
 *   the `/apiversion` handshake — exactly as the official SDK does (docs/protocol/cdi.md §2).
 * - `embedded` (`sqlite:PATH`, `postgres://…`, `memory:`): `@portcullis/core` in-process, its
 *   CDI handler called directly (same routes and validation, no socket).
 *
 * Get one with `getCoreClient(recipeId)` (core-client/index.ts). The recipe id is sent as the
 * `rid` header, but only when path segment [1] or [2] is `recipe` (docs/protocol/cdi.md §2 "Headers"),
 * e.g. `getCoreClient("session").post("/public/recipe/session", …)`.
 * [contract note for recipe authors: the rid is bound per client instead of per call; the
 * method signatures below are unchanged.]
 *
 * Paths are CDI paths relative to the app base, e.g. `/public/recipe/session` or
 * `/recipe/session/refresh`. A non-200 answer throws `Error("SuperTokens core threw an error for
 * a <METHOD> request to path: '<path>' with status code: <n> and message: <text>")`, like the
 * official SDK, so user code that matches on it keeps working. A 200 with a `text/*` type
 * resolves to the text; anything else to the parsed JSON.
 *
 * Objects passed in (bodies) and returned are the caller's: the embedded transport copies
 * them at the boundary, so neither side can mutate what the other keeps.
 */
export type CoreQuery = Record<string, string | number | boolean | undefined>;

export interface CoreClient {
  get<T = any>(path: string, query?: CoreQuery, userContext?: unknown): Promise<T>;
  post<T = any>(path: string, body: unknown, userContext?: unknown): Promise<T>;
  put<T = any>(path: string, body: unknown, query?: CoreQuery, userContext?: unknown): Promise<T>;
  patch<T = any>(path: string, body: unknown, query?: CoreQuery, userContext?: unknown): Promise<T>;
  delete<T = any>(path: string, body?: unknown, query?: CoreQuery, userContext?: unknown): Promise<T>;
  /** `/.well-known/jwks.json` of the core (no api key, no cdi-version). */
  getJWKS(): Promise<{ keys: Array<Record<string, unknown>>; maxAgeSeconds?: number }>;
  close(): Promise<void>;
}

export type CoreMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One call as the transports see it. */
export interface CoreCall {
  method: CoreMethod;
  path: string;
  query?: CoreQuery;
  body?: unknown;
  /** Present only when the path is a recipe path (decided by the client, not the transport). */
  rid?: string;
  userContext: Record<string, any>;
}

export interface JWKSResult {
  keys: Array<Record<string, unknown>>;
  maxAgeSeconds?: number;
}

export interface CoreTransport {
  call(call: CoreCall): Promise<unknown>;
  getJWKS(): Promise<JWKSResult>;
  close(): Promise<void>;
}

/** The CDI version this SDK speaks (docs/protocol/cdi.md §2: node 24.0.3 declares only "5.4"). */
export const CDI_VERSION = "5.4";
