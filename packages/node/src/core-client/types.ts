/**
 * The SDK's only way to reach the core (ARCHITECTURE.md): one interface, two transports.
 * - `http` (`http://a:3567;http://b:3567`): round-robin with failover, `api-key`, 429 retry,
 *   the `/apiversion` handshake — exactly as the official SDK does (CDI-NOTES §2).
 * - `embedded` (`sqlite:PATH`, `postgres://…`, `memory:`): `@portcullis/core` in-process, its
 *   CDI handler called directly (same routes and validation, no socket).
 *
 * Paths are CDI paths relative to the app base, e.g. `/public/recipe/session` or
 * `/recipe/session/refresh`. A non-200 answer throws `Error("SuperTokens core threw an error for
 * a <METHOD> request to path: '<path>' with status code: <n> and message: <text>")`, like the
 * official SDK, so user code that matches on it keeps working.
 */
export interface CoreClient {
  get<T = any>(path: string, query?: Record<string, string | number | boolean | undefined>, userContext?: unknown): Promise<T>;
  post<T = any>(path: string, body: unknown, userContext?: unknown): Promise<T>;
  put<T = any>(path: string, body: unknown, query?: Record<string, string | number | boolean | undefined>, userContext?: unknown): Promise<T>;
  delete<T = any>(path: string, body?: unknown, query?: Record<string, string | number | boolean | undefined>, userContext?: unknown): Promise<T>;
  /** `/.well-known/jwks.json` of the core (no api key, no cdi-version). */
  getJWKS(): Promise<{ keys: Array<Record<string, unknown>>; maxAgeSeconds?: number }>;
  close(): Promise<void>;
}
