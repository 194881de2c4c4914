/** Wire names of the session recipe (docs/protocol/fdi.md §3, docs/protocol/sdk-surface.md §1.6). Defaults live in config.ts. */
export const SESSION_RECIPE_ID = "session";

export const ACCESS_TOKEN_COOKIE_NAME = "sAccessToken";
export const REFRESH_TOKEN_COOKIE_NAME = "sRefreshToken";
/** Legacy cookie of old sessions; cleared on refresh when no refresh token was found (docs/protocol/fdi.md §3.3). */
export const LEGACY_ID_REFRESH_TOKEN_COOKIE_NAME = "sIdRefreshToken";

export const ACCESS_TOKEN_HEADER_NAME = "st-access-token";
export const REFRESH_TOKEN_HEADER_NAME = "st-refresh-token";
export const FRONT_TOKEN_HEADER_NAME = "front-token";
export const ANTI_CSRF_HEADER_NAME = "anti-csrf";
export const AUTH_MODE_HEADER_NAME = "st-auth-mode";
export const EXPOSE_HEADERS_HEADER_NAME = "Access-Control-Expose-Headers";

export const REFRESH_API_PATH = "/session/refresh";
export const SIGNOUT_API_PATH = "/signout";
export const JWKS_API_PATH = "/jwt/jwks.json";

/** Headers the frontend sends that CORS must allow (docs/protocol/sdk-surface.md §1.3). */
export const SESSION_CORS_HEADERS = ["rid", "fdi-version", "anti-csrf", "authorization", "st-auth-mode"];

/**
 * Keys the core owns in an access-token payload; a custom payload must not carry them
 * (docs/protocol/cdi.md §2 "Custom payloads"). `iss` is added by the SDK on create.
 */
export const PROTECTED_PAYLOAD_KEYS = [
  "sub",
  "iat",
  "exp",
  "sessionHandle",
  "parentRefreshTokenHash1",
  "refreshTokenHash1",
  "antiCsrfToken",
  "rsub",
  "tId",
  "stt",
];

/** The sAccessToken cookie outlives the JWT; the JWT's `exp` enforces validity (docs/protocol/fdi.md §3.3). */
export const ACCESS_TOKEN_COOKIE_LIFETIME_MS = 365 * 24 * 3600 * 1000;
