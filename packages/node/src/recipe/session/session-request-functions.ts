import type { SdkRequest, SdkResponse } from "../../framework/types";
import type RecipeUserId from "../../recipe-user-id";
import type { NormalisedAppInfo } from "../../types";
import type { UserContext } from "../../user-context";
import { parseAccessTokenInRequest, type ParsedAccessToken } from "./access-token";
import { resolveAntiCsrf } from "./config";
import { ANTI_CSRF_HEADER_NAME, PROTECTED_PAYLOAD_KEYS } from "./constants";
import {
  clearLegacyIdRefreshTokenCookie,
  clearSession,
  getToken,
  hasMultipleCookiesForTokenType,
  setToken,
  TRANSFER_METHODS,
} from "./cookie-and-header";
import SessionError, { tryRefreshToken, unauthorised } from "./error";
import type {
  JSONObject,
  RecipeInterface,
  SessionClaim,
  SessionClaimValidator,
  SessionContainerInterface,
  TokenTransferMethod,
  TypeNormalisedInput,
  VerifySessionOptions,
} from "./types";

/** What the request-level flows need from the recipe instance. */
export interface RequestFlowDeps {
  config: TypeNormalisedInput;
  appInfo: NormalisedAppInfo;
  recipeImplementation: RecipeInterface;
  /** False when nobody overrode functions and no recipe added validators: claims can be skipped. */
  mayHaveClaimValidators: boolean;
  claimValidatorsAddedByOtherRecipes: SessionClaimValidator[];
  claimsAddedByOtherRecipes: SessionClaim<any>[];
}

interface AccessTokenInRequest {
  transferMethod: TokenTransferMethod | undefined;
  token: ParsedAccessToken | undefined;
}

/**
 * docs/protocol/fdi.md §3.1: `Authorization: Bearer` wins when it holds one of our access tokens (other
 * Bearer values are ignored), else the `sAccessToken` cookie; duplicate cookies force a refresh.
 */
function getAccessTokenFromRequest(
  config: TypeNormalisedInput,
  req: SdkRequest,
  allowed: TokenTransferMethod | "any",
  userContext: UserContext,
): AccessTokenInRequest {
  if (allowed !== "cookie") {
    const headerToken = getToken(config, req, "access", "header", userContext);
    const parsed = headerToken !== undefined ? parseAccessTokenInRequest(headerToken) : undefined;
    if (parsed !== undefined) return { transferMethod: "header", token: parsed };
  }
  if (allowed !== "header") {
    const cookieToken = getToken(config, req, "access", "cookie", userContext);
    const parsed = cookieToken !== undefined ? parseAccessTokenInRequest(cookieToken) : undefined;
    if (parsed !== undefined) {
      if (hasMultipleCookiesForTokenType(config, req, "access", userContext)) {
        throw tryRefreshToken("Multiple access tokens present in the request cookies.");
      }
      return { transferMethod: "cookie", token: parsed };
    }
  }
  return { transferMethod: undefined, token: undefined };
}

/**
 * Asserts the global claim validators (or the options' override of them) on a verified session.
 * `undefined` when there can be none, so a plain verify costs no extra promise.
 */
export function assertRequiredClaims(
  deps: RequestFlowDeps,
  session: SessionContainerInterface,
  overrideGlobalClaimValidators: VerifySessionOptions["overrideGlobalClaimValidators"],
  userContext: UserContext,
): Promise<void> | undefined {
  if (!deps.mayHaveClaimValidators && overrideGlobalClaimValidators === undefined) return undefined;
  return assertValidators(deps, session, overrideGlobalClaimValidators, userContext);
}

async function assertValidators(
  deps: RequestFlowDeps,
  session: SessionContainerInterface,
  overrideGlobalClaimValidators: VerifySessionOptions["overrideGlobalClaimValidators"],
  userContext: UserContext,
): Promise<void> {
  const globals = await deps.recipeImplementation.getGlobalClaimValidators({
    tenantId: session.getTenantId(userContext),
    userId: session.getUserId(userContext),
    recipeUserId: session.getRecipeUserId(userContext),
    claimValidatorsAddedByOtherRecipes: deps.claimValidatorsAddedByOtherRecipes,
    userContext,
  });
  const validators =
    overrideGlobalClaimValidators === undefined
      ? globals
      : await overrideGlobalClaimValidators(globals, session, userContext);
  if (validators.length !== 0) await session.assertClaims(validators, userContext);
}

export async function getSessionFromRequest(
  deps: RequestFlowDeps,
  req: SdkRequest,
  res: SdkResponse,
  options: VerifySessionOptions | undefined,
  userContext: UserContext,
): Promise<SessionContainerInterface | undefined> {
  const { config } = deps;
  const allowed = config.getTokenTransferMethod({ req, forCreateNewSession: false, userContext });
  const { transferMethod, token } = getAccessTokenFromRequest(config, req, allowed, userContext);

  // docs/protocol/fdi.md §3.5: checked on non-GET requests, never for header-mode tokens.
  let doAntiCsrfCheck = options?.antiCsrfCheck ?? req.method !== "GET";
  if (transferMethod !== "cookie") doAntiCsrfCheck = false;
  if (doAntiCsrfCheck && resolveAntiCsrf(config, req, userContext) === "VIA_CUSTOM_HEADER") {
    if (req.getHeader("rid") === undefined) {
      throw tryRefreshToken(
        "anti-csrf check failed. Please pass 'rid: \"session\"' header in the request, or set doAntiCsrfCheck to false for this API",
      );
    }
    doAntiCsrfCheck = false;
  }

  const session = await deps.recipeImplementation.getSession({
    accessToken: token?.token,
    antiCsrfToken: req.getHeader(ANTI_CSRF_HEADER_NAME),
    options: { ...options, antiCsrfCheck: doAntiCsrfCheck },
    userContext,
  });
  if (session === undefined) return undefined;

  const claimsChecked = assertRequiredClaims(
    deps,
    session,
    options?.overrideGlobalClaimValidators,
    userContext,
  );
  if (claimsChecked !== undefined) await claimsChecked;
  const attached = session.attachToRequestResponse(
    { req, res, transferMethod: transferMethod ?? (allowed !== "any" ? allowed : "header") },
    userContext,
  );
  if (attached !== undefined) await attached;
  return session;
}

/** docs/protocol/cdi.md §2 "Custom payloads": protected keys stripped, `iss` added, claims of other recipes built. */
export async function buildAccessTokenPayload(
  deps: RequestFlowDeps,
  userId: string,
  recipeUserId: RecipeUserId,
  tenantId: string,
  accessTokenPayload: JSONObject | undefined,
  userContext: UserContext,
): Promise<JSONObject> {
  let payload: JSONObject = { ...accessTokenPayload, iss: deps.appInfo.apiDomain + deps.appInfo.apiBasePath };
  for (const key of PROTECTED_PAYLOAD_KEYS) delete payload[key];
  for (const claim of deps.claimsAddedByOtherRecipes) {
    const update = await claim.build(userId, recipeUserId, tenantId, payload, userContext);
    payload = { ...payload, ...update };
  }
  return payload;
}

export async function createNewSessionInRequest(
  deps: RequestFlowDeps,
  req: SdkRequest,
  res: SdkResponse,
  tenantId: string,
  recipeUserId: RecipeUserId,
  userId: string,
  accessTokenPayload: JSONObject | undefined,
  sessionDataInDatabase: unknown,
  userContext: UserContext,
): Promise<SessionContainerInterface> {
  const { config } = deps;
  const payload = await buildAccessTokenPayload(
    deps,
    userId,
    recipeUserId,
    tenantId,
    accessTokenPayload,
    userContext,
  );
  // docs/protocol/fdi.md §3.1: a missing or unknown st-auth-mode gives header mode.
  const requested = config.getTokenTransferMethod({ req, forCreateNewSession: true, userContext });
  const outputTransferMethod: TokenTransferMethod = requested === "any" ? "header" : requested;

  const session = await deps.recipeImplementation.createNewSession({
    userId,
    recipeUserId,
    accessTokenPayload: payload,
    sessionDataInDatabase,
    disableAntiCsrf: outputTransferMethod === "header",
    tenantId,
    userContext,
  });
  // Tokens the client holds in the other mode would shadow the new session (docs/protocol/fdi.md §3.1).
  for (const method of TRANSFER_METHODS) {
    if (
      method !== outputTransferMethod &&
      getToken(config, req, "access", method, userContext) !== undefined
    ) {
      clearSession(config, res, req, method, userContext);
    }
  }
  await session.attachToRequestResponse({ req, res, transferMethod: outputTransferMethod }, userContext);
  return session;
}

/**
 * When `cookieDomain` changed, browsers keep the old-domain cookies too; with
 * `olderCookieDomain` set they are expired and the frontend retries (docs/protocol/fdi.md §3.3).
 */
function clearSessionCookiesFromOlderCookieDomain(
  config: TypeNormalisedInput,
  req: SdkRequest,
  res: SdkResponse,
  allowed: TokenTransferMethod | "any",
  userContext: UserContext,
): void {
  if (allowed === "header") return;
  let cleared = false;
  for (const tokenType of ["access", "refresh"] as const) {
    if (!hasMultipleCookiesForTokenType(config, req, tokenType, userContext)) continue;
    if (config.olderCookieDomain === undefined) {
      // Which cookie is current cannot be known; guessing wrong loops refreshes forever.
      throw new Error(
        "The request contains multiple session cookies. This may happen if you've changed the 'cookieDomain' value in your configuration. To clear tokens from the previous domain, set 'olderCookieDomain' in your config.",
      );
    }
    setToken(config, res, req, tokenType, "", 0, "cookie", userContext, config.olderCookieDomain);
    cleared = true;
  }
  if (cleared) {
    throw new SessionError({
      message:
        "The request contains multiple session cookies. We are clearing the cookie from olderCookieDomain. Session will be refreshed in the next refresh call.",
      type: "CLEAR_DUPLICATE_SESSION_COOKIES",
    });
  }
}

/** `POST /session/refresh` (docs/protocol/fdi.md §3.6). */
export async function refreshSessionInRequest(
  deps: RequestFlowDeps,
  req: SdkRequest,
  res: SdkResponse,
  userContext: UserContext,
): Promise<SessionContainerInterface> {
  const { config } = deps;
  const allowed = config.getTokenTransferMethod({ req, forCreateNewSession: false, userContext });
  clearSessionCookiesFromOlderCookieDomain(config, req, res, allowed, userContext);

  const refreshTokens: Partial<Record<TokenTransferMethod, string>> = {};
  for (const method of TRANSFER_METHODS)
    refreshTokens[method] = getToken(config, req, "refresh", method, userContext);

  let transferMethod: TokenTransferMethod;
  let refreshToken: string;
  if (allowed !== "cookie" && refreshTokens.header !== undefined) {
    transferMethod = "header";
    refreshToken = refreshTokens.header;
  } else if (allowed !== "header" && refreshTokens.cookie !== undefined) {
    transferMethod = "cookie";
    refreshToken = refreshTokens.cookie;
  } else {
    clearLegacyIdRefreshTokenCookie(config, res, req, userContext);
    if (allowed !== "header" && getToken(config, req, "access", "cookie", userContext) !== undefined) {
      throw unauthorised("Refresh token not found but access token is present. Clearing all tokens.", true);
    }
    throw unauthorised("Refresh token not found. Are you sending the refresh token in the request?", true);
  }

  let disableAntiCsrf = transferMethod === "header";
  const antiCsrfToken = req.getHeader(ANTI_CSRF_HEADER_NAME);
  if (!disableAntiCsrf && resolveAntiCsrf(config, req, userContext) === "VIA_CUSTOM_HEADER") {
    // docs/protocol/fdi.md §3.5: without any `rid` the refresh is refused and the tokens cleared.
    if (req.getHeader("rid") === undefined) {
      throw unauthorised(
        "anti-csrf check failed. Please pass 'rid: \"session\"' header in the request.",
        true,
      );
    }
    disableAntiCsrf = true;
  }

  const session = await deps.recipeImplementation.refreshSession({
    refreshToken,
    antiCsrfToken,
    disableAntiCsrf,
    userContext,
  });
  for (const method of TRANSFER_METHODS) {
    if (method !== transferMethod && refreshTokens[method] !== undefined)
      clearSession(config, res, req, method, userContext);
  }
  await session.attachToRequestResponse({ req, res, transferMethod }, userContext);
  if (transferMethod === "cookie") clearLegacyIdRefreshTokenCookie(config, res, req, userContext);
  return session;
}
