import type { SdkRequest, SdkResponse } from "../../framework/types";
import type { NormalisedAppInfo } from "../../types";
import type { UserContext } from "../../user-context";
import { normaliseURLPath } from "../../normalise/url-path";
import { isIPAddress } from "../../normalise/url-domain";
import {
  ACCESS_TOKEN_COOKIE_NAME,
  ACCESS_TOKEN_HEADER_NAME,
  AUTH_MODE_HEADER_NAME,
  REFRESH_API_PATH,
  REFRESH_TOKEN_COOKIE_NAME,
  REFRESH_TOKEN_HEADER_NAME,
} from "./constants";
import type {
  CookieSameSite,
  NormalisedErrorHandlers,
  RecipeInterface,
  TokenTransferMethod,
  TokenType,
  TypeInput,
  TypeNormalisedInput,
} from "./types";

/** Every default of the session recipe, in one place (docs/protocol/sdk-surface.md §1.6, docs/protocol/fdi.md §3.3, §3.5). */
export const SESSION_DEFAULTS = {
  useDynamicAccessTokenSigningKey: true,
  sessionExpiredStatusCode: 401,
  invalidClaimStatusCode: 403,
  accessTokenPath: "/",
  exposeAccessTokenToFrontendInCookieBasedAuth: false,
  /** docs/protocol/cdi.md §2 "JWKS": the official SDK's cacheMaxAge. */
  jwksRefreshIntervalSec: 4 * 3600,
} as const;

function sessionConfigError(message: string): Error {
  return new Error(`Session.init: ${message}`);
}

/** `cookieDomain`: a bare host (leading dot kept), lower-cased, without scheme, port or path. */
function normaliseCookieDomain(option: string, input: string): string {
  let value = input.trim().toLowerCase();
  try {
    if (value.startsWith("http://") || value.startsWith("https://")) value = new URL(value).hostname;
    else {
      const leadingDot = value.startsWith(".");
      const host = new URL(`http://${leadingDot ? value.slice(1) : value}`).hostname;
      value = leadingDot ? `.${host}` : host;
    }
  } catch {
    throw sessionConfigError(`${option} must be a domain such as ".example.com" (got '${input}')`);
  }
  const bare = value.startsWith(".") ? value.slice(1) : value;
  // Browsers refuse Domain=.localhost and dotted IPs; use the bare host there.
  if (bare === "localhost" || isIPAddress(bare)) return bare;
  return value;
}

function normaliseAccessTokenPath(input: string | undefined): string {
  if (input === undefined) return SESSION_DEFAULTS.accessTokenPath;
  const path = normaliseURLPath(input);
  if (path === undefined) throw sessionConfigError(`accessTokenPath must start with '/' (got '${input}')`);
  return path === "" ? "/" : path;
}

function isLocal(normalisedDomain: string): boolean {
  const hostname = new URL(normalisedDomain).hostname;
  return hostname === "localhost" || hostname.startsWith("localhost") || isIPAddress(hostname);
}

function sendMessage(res: SdkResponse, status: number, message: string): void {
  res.setStatus(status);
  res.sendJSON({ message });
}

export interface SessionConfigDeps {
  /** The recipe's final implementation, for the default theft handler (revokes the session). */
  getRecipeImplementation(): RecipeInterface;
}

export function normaliseSessionConfig(
  appInfo: NormalisedAppInfo,
  input: TypeInput | undefined,
  deps: SessionConfigDeps,
): TypeNormalisedInput {
  const config = input ?? {};
  const sessionExpiredStatusCode =
    config.sessionExpiredStatusCode ?? SESSION_DEFAULTS.sessionExpiredStatusCode;
  const invalidClaimStatusCode = config.invalidClaimStatusCode ?? SESSION_DEFAULTS.invalidClaimStatusCode;
  if (sessionExpiredStatusCode === invalidClaimStatusCode) {
    throw sessionConfigError(
      `sessionExpiredStatusCode and invalidClaimStatusCode must differ (both are ${sessionExpiredStatusCode})`,
    );
  }
  if (
    config.antiCsrf !== undefined &&
    !["VIA_TOKEN", "VIA_CUSTOM_HEADER", "NONE"].includes(config.antiCsrf)
  ) {
    throw sessionConfigError(
      `antiCsrf must be VIA_TOKEN, VIA_CUSTOM_HEADER or NONE (got '${String(config.antiCsrf)}')`,
    );
  }
  if (config.cookieSameSite !== undefined && !["strict", "lax", "none"].includes(config.cookieSameSite)) {
    throw sessionConfigError(
      `cookieSameSite must be strict, lax or none (got '${String(config.cookieSameSite)}')`,
    );
  }

  const cookieDomain =
    config.cookieDomain === undefined || config.cookieDomain === ""
      ? undefined
      : normaliseCookieDomain("cookieDomain", config.cookieDomain);
  const olderCookieDomain =
    config.olderCookieDomain === undefined || config.olderCookieDomain === ""
      ? undefined
      : normaliseCookieDomain("olderCookieDomain", config.olderCookieDomain);
  const cookieSecure = config.cookieSecure ?? appInfo.apiDomain.startsWith("https");
  const apiProtocol = new URL(appInfo.apiDomain).protocol;
  const sameSiteByOrigin = new Map<string, CookieSameSite>();

  // docs/protocol/fdi.md §3.3: lax when API and website share the registrable domain and protocol, else none.
  const getCookieSameSite = (ctx: {
    request: SdkRequest | undefined;
    userContext: UserContext;
  }): CookieSameSite => {
    if (config.cookieSameSite !== undefined) return config.cookieSameSite;
    const origin = appInfo.getOrigin(ctx);
    let sameSite = sameSiteByOrigin.get(origin);
    if (sameSite === undefined) {
      sameSite =
        new URL(origin).protocol === apiProtocol &&
        appInfo.getTopLevelWebsiteDomain(ctx) === appInfo.topLevelAPIDomain
          ? "lax"
          : "none";
      // Per-request origins are few (one per website); bounded anyway.
      if (sameSiteByOrigin.size > 100) sameSiteByOrigin.clear();
      sameSiteByOrigin.set(origin, sameSite);
    }
    return sameSite;
  };

  // SameSite=None cookies are dropped by browsers without Secure, except on localhost / IPs.
  let staticSameSite: CookieSameSite | undefined;
  let staticOrigin: string | undefined;
  try {
    staticOrigin = appInfo.getOrigin({ request: undefined, userContext: {} });
    staticSameSite = getCookieSameSite({ request: undefined, userContext: {} });
  } catch {
    staticSameSite = undefined; // origin depends on the request; nothing to check at init
  }
  if (
    staticSameSite === "none" &&
    !cookieSecure &&
    !(isLocal(appInfo.apiDomain) && staticOrigin !== undefined && isLocal(staticOrigin))
  ) {
    throw sessionConfigError(
      "cookieSameSite resolves to 'none' (API and website are on different sites or protocols), which needs " +
        "Secure cookies: use https for apiDomain, or do not set cookieSecure to false",
    );
  }

  const antiCsrfFunctionOrString: TypeNormalisedInput["antiCsrfFunctionOrString"] =
    config.antiCsrf ?? ((ctx) => (getCookieSameSite(ctx) === "none" ? "VIA_CUSTOM_HEADER" : "NONE"));

  const getTokenTransferMethod =
    config.getTokenTransferMethod ??
    (({
      req,
      forCreateNewSession,
    }: {
      req: SdkRequest;
      forCreateNewSession: boolean;
    }): TokenTransferMethod | "any" => {
      if (!forCreateNewSession) return "any";
      const mode = req.getHeader(AUTH_MODE_HEADER_NAME);
      return mode === "cookie" || mode === "header" ? mode : "any";
    });

  const getCookieNameForTokenType =
    config.getCookieNameForTokenType ??
    ((_req: SdkRequest, tokenType: TokenType) =>
      tokenType === "access" ? ACCESS_TOKEN_COOKIE_NAME : REFRESH_TOKEN_COOKIE_NAME);
  const getResponseHeaderNameForTokenType =
    config.getResponseHeaderNameForTokenType ??
    ((_req: SdkRequest, tokenType: TokenType) =>
      tokenType === "access" ? ACCESS_TOKEN_HEADER_NAME : REFRESH_TOKEN_HEADER_NAME);

  const errorHandlers: NormalisedErrorHandlers = {
    onUnauthorised: async (_message, _req, res) => sendMessage(res, sessionExpiredStatusCode, "unauthorised"),
    onTryRefreshToken: async (_message, _req, res) =>
      sendMessage(res, sessionExpiredStatusCode, "try refresh token"),
    onTokenTheftDetected: async (sessionHandle, _userId, _recipeUserId, _req, res, userContext) => {
      // docs/protocol/cdi.md §2 "Theft": the core only reports theft; the SDK revokes the session.
      await deps.getRecipeImplementation().revokeSession({ sessionHandle, userContext });
      sendMessage(res, sessionExpiredStatusCode, "token theft detected");
    },
    onInvalidClaim: async (claimValidationErrors, _req, res) => {
      res.setStatus(invalidClaimStatusCode);
      res.sendJSON({ message: "invalid claim", claimValidationErrors });
    },
    onClearDuplicateSessionCookies: async (message, _req, res) => {
      // 200, so the frontend keeps the session and retries with the remaining cookie (docs/protocol/fdi.md §3.3).
      res.sendJSON({ message });
    },
    ...definedOnly(config.errorHandlers),
  };

  return {
    useDynamicAccessTokenSigningKey:
      config.useDynamicAccessTokenSigningKey ?? SESSION_DEFAULTS.useDynamicAccessTokenSigningKey,
    refreshTokenPath: appInfo.apiBasePath + REFRESH_API_PATH,
    accessTokenPath: normaliseAccessTokenPath(config.accessTokenPath),
    cookieDomain,
    olderCookieDomain,
    getCookieSameSite,
    cookieSecure,
    getCookieNameForTokenType,
    getResponseHeaderNameForTokenType,
    sessionExpiredStatusCode,
    invalidClaimStatusCode,
    errorHandlers,
    antiCsrfFunctionOrString,
    getTokenTransferMethod,
    exposeAccessTokenToFrontendInCookieBasedAuth:
      config.exposeAccessTokenToFrontendInCookieBasedAuth ??
      SESSION_DEFAULTS.exposeAccessTokenToFrontendInCookieBasedAuth,
    jwksRefreshIntervalSec: config.jwksRefreshIntervalSec ?? SESSION_DEFAULTS.jwksRefreshIntervalSec,
    override: {
      functions: config.override?.functions ?? ((original) => original),
      apis: config.override?.apis ?? ((original) => original),
    },
  };
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (value === undefined) return out;
  for (const [key, fn] of Object.entries(value)) if (fn !== undefined) (out as any)[key] = fn;
  return out;
}

/** The anti-CSRF mode for this request (docs/protocol/fdi.md §3.5). */
export function resolveAntiCsrf(
  config: TypeNormalisedInput,
  request: SdkRequest | undefined,
  userContext: UserContext,
): "VIA_TOKEN" | "VIA_CUSTOM_HEADER" | "NONE" {
  const mode = config.antiCsrfFunctionOrString;
  return typeof mode === "string" ? mode : mode({ request, userContext });
}
