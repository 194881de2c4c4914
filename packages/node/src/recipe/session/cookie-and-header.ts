import type { SdkRequest, SdkResponse } from "../../framework/types";
import type { UserContext } from "../../user-context";
import {
  ACCESS_TOKEN_COOKIE_LIFETIME_MS,
  ANTI_CSRF_HEADER_NAME,
  EXPOSE_HEADERS_HEADER_NAME,
  FRONT_TOKEN_HEADER_NAME,
  LEGACY_ID_REFRESH_TOKEN_COOKIE_NAME,
} from "./constants";
import { FRONT_TOKEN_REMOVE } from "./front-token";
import type { TokenTransferMethod, TokenType, TypeNormalisedInput } from "./types";

/**
 * How session tokens travel (docs/protocol/fdi.md §3.1–§3.3): `sAccessToken`/`sRefreshToken` cookies,
 * or `st-access-token`/`st-refresh-token` response headers answered by `Authorization: Bearer`.
 */

export const TRANSFER_METHODS: readonly TokenTransferMethod[] = ["header", "cookie"];

const BEARER_PREFIX = "Bearer ";

export function getToken(
  config: TypeNormalisedInput,
  req: SdkRequest,
  tokenType: TokenType,
  transferMethod: TokenTransferMethod,
  userContext: UserContext,
): string | undefined {
  if (transferMethod === "cookie")
    return req.getCookie(config.getCookieNameForTokenType(req, tokenType, userContext));
  const authorization = req.getHeader("authorization");
  if (authorization === undefined || !authorization.startsWith(BEARER_PREFIX)) return undefined;
  const token = authorization.slice(BEARER_PREFIX.length).trim();
  return token === "" ? undefined : token;
}

/** Adds `name` to Access-Control-Expose-Headers so browser code can read it (docs/protocol/fdi.md §2 "CORS"). */
function exposeHeader(res: SdkResponse, name: string): void {
  res.setHeader(EXPOSE_HEADERS_HEADER_NAME, name, true);
}

export function setToken(
  config: TypeNormalisedInput,
  res: SdkResponse,
  req: SdkRequest,
  tokenType: TokenType,
  value: string,
  expires: number,
  transferMethod: TokenTransferMethod,
  userContext: UserContext,
  cookieDomain: string | undefined = config.cookieDomain,
): void {
  if (transferMethod === "cookie") {
    res.setCookie({
      name: config.getCookieNameForTokenType(req, tokenType, userContext),
      value,
      domain: cookieDomain,
      path: tokenType === "access" ? config.accessTokenPath : config.refreshTokenPath,
      expires,
      httpOnly: true,
      secure: config.cookieSecure,
      sameSite: config.getCookieSameSite({ request: req, userContext }),
    });
  } else {
    const name = config.getResponseHeaderNameForTokenType(req, tokenType, userContext);
    res.setHeader(name, value, false);
    exposeHeader(res, name);
  }
}

export function setFrontToken(res: SdkResponse, frontToken: string): void {
  res.setHeader(FRONT_TOKEN_HEADER_NAME, frontToken, false);
  exposeHeader(res, FRONT_TOKEN_HEADER_NAME);
}

/** A new or updated access token: the token itself plus `front-token` (docs/protocol/fdi.md §3.2). */
export function setAccessTokenInResponse(
  config: TypeNormalisedInput,
  res: SdkResponse,
  req: SdkRequest,
  accessToken: string,
  frontToken: string,
  transferMethod: TokenTransferMethod,
  userContext: UserContext,
): void {
  setFrontToken(res, frontToken);
  const expires = Date.now() + ACCESS_TOKEN_COOKIE_LIFETIME_MS;
  setToken(config, res, req, "access", accessToken, expires, transferMethod, userContext);
  if (config.exposeAccessTokenToFrontendInCookieBasedAuth && transferMethod === "cookie") {
    setToken(config, res, req, "access", accessToken, expires, "header", userContext);
  }
}

export function setAntiCsrfTokenInResponse(res: SdkResponse, antiCsrfToken: string): void {
  res.setHeader(ANTI_CSRF_HEADER_NAME, antiCsrfToken, false);
  exposeHeader(res, ANTI_CSRF_HEADER_NAME);
}

/** Expired cookies or empty st-* headers, plus `front-token: remove` (docs/protocol/fdi.md §3.3 "Clearing"). */
export function clearSession(
  config: TypeNormalisedInput,
  res: SdkResponse,
  req: SdkRequest,
  transferMethod: TokenTransferMethod,
  userContext: UserContext,
): void {
  setToken(config, res, req, "access", "", 0, transferMethod, userContext);
  setToken(config, res, req, "refresh", "", 0, transferMethod, userContext);
  res.removeHeader(ANTI_CSRF_HEADER_NAME);
  setFrontToken(res, FRONT_TOKEN_REMOVE);
}

/**
 * Clears both modes: tokens may already have been attached to this response in either one
 * (e.g. an override rejecting a user right after sign-in), and a response cannot reliably
 * take back a Set-Cookie, only overwrite it.
 */
export function clearSessionFromAllTokenTransferMethods(
  config: TypeNormalisedInput,
  res: SdkResponse,
  req: SdkRequest,
  userContext: UserContext,
): void {
  for (const transferMethod of TRANSFER_METHODS) clearSession(config, res, req, transferMethod, userContext);
}

/** Expires the legacy `sIdRefreshToken` cookie when the client still sends it (docs/protocol/fdi.md §3.3). */
export function clearLegacyIdRefreshTokenCookie(
  config: TypeNormalisedInput,
  res: SdkResponse,
  req: SdkRequest,
  userContext: UserContext,
): void {
  if (req.getCookie(LEGACY_ID_REFRESH_TOKEN_COOKIE_NAME) === undefined) return;
  res.setCookie({
    name: LEGACY_ID_REFRESH_TOKEN_COOKIE_NAME,
    value: "",
    domain: config.cookieDomain,
    path: config.accessTokenPath,
    expires: 0,
    httpOnly: true,
    secure: config.cookieSecure,
    sameSite: config.getCookieSameSite({ request: req, userContext }),
  });
}

export function hasMultipleCookiesForTokenType(
  config: TypeNormalisedInput,
  req: SdkRequest,
  tokenType: TokenType,
  userContext: UserContext,
): boolean {
  return req.getCookieValues(config.getCookieNameForTokenType(req, tokenType, userContext)).length > 1;
}
