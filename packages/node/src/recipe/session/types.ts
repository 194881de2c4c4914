import type { SdkRequest, SdkResponse } from "../../framework/types";
import type RecipeUserId from "../../recipe-user-id";
import type { UserContext } from "../../user-context";
import type { JSONObject, JSONPrimitive, JSONValue, NormalisedAppInfo } from "../../types";
import type { SessionClaim } from "./claims/session-claim";

export type { RecipeUserId, UserContext, JSONObject, JSONPrimitive, JSONValue, SessionClaim };

export type AntiCsrfType = "VIA_TOKEN" | "VIA_CUSTOM_HEADER" | "NONE";
export type TokenType = "access" | "refresh";
export type TokenTransferMethod = "header" | "cookie";
export type CookieSameSite = "strict" | "lax" | "none";

export interface TokenInfo {
  token: string;
  expiry: number;
  createdTime: number;
}

export interface ErrorHandlerMiddleware {
  (message: string, request: SdkRequest, response: SdkResponse, userContext: UserContext): Promise<void>;
}
export interface TokenTheftErrorHandlerMiddleware {
  (
    sessionHandle: string,
    userId: string,
    recipeUserId: RecipeUserId,
    request: SdkRequest,
    response: SdkResponse,
    userContext: UserContext,
  ): Promise<void>;
}
export interface InvalidClaimErrorHandlerMiddleware {
  (
    validatorErrors: ClaimValidationError[],
    request: SdkRequest,
    response: SdkResponse,
    userContext: UserContext,
  ): Promise<void>;
}
export interface ErrorHandlers {
  onUnauthorised?: ErrorHandlerMiddleware;
  onTryRefreshToken?: ErrorHandlerMiddleware;
  onTokenTheftDetected?: TokenTheftErrorHandlerMiddleware;
  onInvalidClaim?: InvalidClaimErrorHandlerMiddleware;
  onClearDuplicateSessionCookies?: ErrorHandlerMiddleware;
}
export type NormalisedErrorHandlers = Required<ErrorHandlers>;

/** A builder-style override hook (docs/protocol/sdk-surface.md §1.5); the builder is the foundation's. */
export type OverrideFunction<T> = (originalImplementation: T, builder?: any) => T;

export interface TypeInput {
  useDynamicAccessTokenSigningKey?: boolean;
  sessionExpiredStatusCode?: number;
  invalidClaimStatusCode?: number;
  accessTokenPath?: string;
  cookieSecure?: boolean;
  cookieSameSite?: CookieSameSite;
  cookieDomain?: string;
  olderCookieDomain?: string;
  getTokenTransferMethod?: (input: {
    req: SdkRequest;
    forCreateNewSession: boolean;
    userContext: UserContext;
  }) => TokenTransferMethod | "any";
  getCookieNameForTokenType?: (req: SdkRequest, tokenType: TokenType, userContext: UserContext) => string;
  getResponseHeaderNameForTokenType?: (
    req: SdkRequest,
    tokenType: TokenType,
    userContext: UserContext,
  ) => string;
  errorHandlers?: ErrorHandlers;
  antiCsrf?: AntiCsrfType;
  exposeAccessTokenToFrontendInCookieBasedAuth?: boolean;
  jwksRefreshIntervalSec?: number;
  override?: {
    functions?: OverrideFunction<RecipeInterface>;
    apis?: OverrideFunction<APIInterface>;
  };
}

export interface TypeNormalisedInput {
  useDynamicAccessTokenSigningKey: boolean;
  refreshTokenPath: string;
  accessTokenPath: string;
  cookieDomain: string | undefined;
  olderCookieDomain: string | undefined;
  getCookieSameSite: (input: { request: SdkRequest | undefined; userContext: UserContext }) => CookieSameSite;
  cookieSecure: boolean;
  getCookieNameForTokenType: (req: SdkRequest, tokenType: TokenType, userContext: UserContext) => string;
  getResponseHeaderNameForTokenType: (
    req: SdkRequest,
    tokenType: TokenType,
    userContext: UserContext,
  ) => string;
  sessionExpiredStatusCode: number;
  invalidClaimStatusCode: number;
  errorHandlers: NormalisedErrorHandlers;
  /** A fixed mode, or the SameSite-derived default resolved per request (docs/protocol/fdi.md §3.5). */
  antiCsrfFunctionOrString:
    | AntiCsrfType
    | ((input: {
        request: SdkRequest | undefined;
        userContext: UserContext;
      }) => "VIA_CUSTOM_HEADER" | "NONE");
  getTokenTransferMethod: (input: {
    req: SdkRequest;
    forCreateNewSession: boolean;
    userContext: UserContext;
  }) => TokenTransferMethod | "any";
  exposeAccessTokenToFrontendInCookieBasedAuth: boolean;
  jwksRefreshIntervalSec: number;
  override: {
    functions: OverrideFunction<RecipeInterface>;
    apis: OverrideFunction<APIInterface>;
  };
}

export interface VerifySessionOptions {
  antiCsrfCheck?: boolean;
  sessionRequired?: boolean;
  checkDatabase?: boolean;
  overrideGlobalClaimValidators?: (
    globalClaimValidators: SessionClaimValidator[],
    session: SessionContainerInterface,
    userContext: UserContext,
  ) => Promise<SessionClaimValidator[]> | SessionClaimValidator[];
}

export interface SessionInCore {
  handle: string;
  userId: string;
  recipeUserId: RecipeUserId;
  userDataInJWT: any;
  tenantId: string;
}

export interface RecipeInterface {
  createNewSession(input: {
    userId: string;
    recipeUserId: RecipeUserId;
    accessTokenPayload?: any;
    sessionDataInDatabase?: any;
    disableAntiCsrf?: boolean;
    tenantId: string;
    userContext: UserContext;
  }): Promise<SessionContainerInterface>;
  getGlobalClaimValidators(input: {
    tenantId: string;
    userId: string;
    recipeUserId: RecipeUserId;
    claimValidatorsAddedByOtherRecipes: SessionClaimValidator[];
    userContext: UserContext;
  }): Promise<SessionClaimValidator[]> | SessionClaimValidator[];
  getSession(input: {
    accessToken: string | undefined;
    antiCsrfToken?: string;
    options?: VerifySessionOptions;
    userContext: UserContext;
  }): Promise<SessionContainerInterface | undefined>;
  refreshSession(input: {
    refreshToken: string;
    antiCsrfToken?: string;
    disableAntiCsrf: boolean;
    userContext: UserContext;
  }): Promise<SessionContainerInterface>;
  getSessionInformation(input: {
    sessionHandle: string;
    userContext: UserContext;
  }): Promise<SessionInformation | undefined>;
  revokeAllSessionsForUser(input: {
    userId: string;
    revokeSessionsForLinkedAccounts: boolean;
    tenantId: string;
    revokeAcrossAllTenants?: boolean;
    userContext: UserContext;
  }): Promise<string[]>;
  getAllSessionHandlesForUser(input: {
    userId: string;
    fetchSessionsForAllLinkedAccounts: boolean;
    tenantId: string;
    fetchAcrossAllTenants?: boolean;
    userContext: UserContext;
  }): Promise<string[]>;
  revokeSession(input: { sessionHandle: string; userContext: UserContext }): Promise<boolean>;
  revokeMultipleSessions(input: { sessionHandles: string[]; userContext: UserContext }): Promise<string[]>;
  updateSessionDataInDatabase(input: {
    sessionHandle: string;
    newSessionData: any;
    userContext: UserContext;
  }): Promise<boolean>;
  mergeIntoAccessTokenPayload(input: {
    sessionHandle: string;
    accessTokenPayloadUpdate: JSONObject;
    userContext: UserContext;
  }): Promise<boolean>;
  regenerateAccessToken(input: {
    accessToken: string;
    newAccessTokenPayload?: any;
    userContext: UserContext;
  }): Promise<{ status: "OK"; session: SessionInCore; accessToken?: TokenInfo } | undefined>;
  validateClaims(input: {
    userId: string;
    recipeUserId: RecipeUserId;
    accessTokenPayload: any;
    claimValidators: SessionClaimValidator[];
    userContext: UserContext;
  }): Promise<{ invalidClaims: ClaimValidationError[]; accessTokenPayloadUpdate?: any }>;
  fetchAndSetClaim(input: {
    sessionHandle: string;
    claim: SessionClaim<any>;
    userContext: UserContext;
  }): Promise<boolean>;
  setClaimValue<T>(input: {
    sessionHandle: string;
    claim: SessionClaim<T>;
    value: T;
    userContext: UserContext;
  }): Promise<boolean>;
  getClaimValue<T>(input: {
    sessionHandle: string;
    claim: SessionClaim<T>;
    userContext: UserContext;
  }): Promise<{ status: "SESSION_DOES_NOT_EXIST_ERROR" } | { status: "OK"; value: T | undefined }>;
  removeClaim(input: {
    sessionHandle: string;
    claim: SessionClaim<any>;
    userContext: UserContext;
  }): Promise<boolean>;
}

export interface ReqResInfo {
  res: SdkResponse;
  req: SdkRequest;
  transferMethod: TokenTransferMethod;
}

export interface SessionContainerInterface {
  revokeSession(userContext?: Record<string, any>): Promise<void>;
  getSessionDataFromDatabase(userContext?: Record<string, any>): Promise<any>;
  updateSessionDataInDatabase(newSessionData: any, userContext?: Record<string, any>): Promise<any>;
  getUserId(userContext?: Record<string, any>): string;
  getRecipeUserId(userContext?: Record<string, any>): RecipeUserId;
  getTenantId(userContext?: Record<string, any>): string;
  getAccessTokenPayload(userContext?: Record<string, any>): any;
  getHandle(userContext?: Record<string, any>): string;
  getAllSessionTokensDangerously(): {
    accessToken: string;
    refreshToken: string | undefined;
    antiCsrfToken: string | undefined;
    frontToken: string;
    accessAndFrontTokenUpdated: boolean;
  };
  getAccessToken(userContext?: Record<string, any>): string;
  mergeIntoAccessTokenPayload(
    accessTokenPayloadUpdate: JSONObject,
    userContext?: Record<string, any>,
  ): Promise<void>;
  getTimeCreated(userContext?: Record<string, any>): Promise<number>;
  getExpiry(userContext?: Record<string, any>): Promise<number>;
  assertClaims(claimValidators: SessionClaimValidator[], userContext?: Record<string, any>): Promise<void>;
  fetchAndSetClaim<T>(claim: SessionClaim<T>, userContext?: Record<string, any>): Promise<void>;
  setClaimValue<T>(claim: SessionClaim<T>, value: T, userContext?: Record<string, any>): Promise<void>;
  getClaimValue<T>(claim: SessionClaim<T>, userContext?: Record<string, any>): Promise<T | undefined>;
  removeClaim(claim: SessionClaim<any>, userContext?: Record<string, any>): Promise<void>;
  attachToRequestResponse(reqResInfo: ReqResInfo, userContext?: Record<string, any>): Promise<void> | void;
}

export interface APIOptions {
  recipeImplementation: RecipeInterface;
  config: TypeNormalisedInput;
  recipeId: string;
  isInServerlessEnv: boolean;
  req: SdkRequest;
  res: SdkResponse;
}

export type GeneralErrorResponse = { status: "GENERAL_ERROR"; message: string };

export interface APIInterface {
  refreshPOST:
    | undefined
    | ((input: { options: APIOptions; userContext: UserContext }) => Promise<SessionContainerInterface>);
  signOutPOST:
    | undefined
    | ((input: {
        options: APIOptions;
        session: SessionContainerInterface;
        userContext: UserContext;
      }) => Promise<{ status: "OK" } | GeneralErrorResponse>);
  verifySession(input: {
    verifySessionOptions: VerifySessionOptions | undefined;
    options: APIOptions;
    userContext: UserContext;
  }): Promise<SessionContainerInterface | undefined>;
}

export interface SessionInformation {
  sessionHandle: string;
  userId: string;
  recipeUserId: RecipeUserId;
  sessionDataInDatabase: any;
  expiry: number;
  customClaimsInAccessTokenPayload: any;
  timeCreated: number;
  tenantId: string;
}

export type ClaimValidationResult = { isValid: true } | { isValid: false; reason?: JSONValue };
export interface ClaimValidationError {
  id: string;
  reason?: JSONValue;
}

export type SessionClaimValidator = (
  | {
      claim: SessionClaim<any>;
      /** Refetch the value before `validate` (missing or too old in the payload). */
      shouldRefetch: (payload: any, userContext: UserContext) => Promise<boolean> | boolean;
    }
  | { claim?: undefined; shouldRefetch?: undefined }
) & {
  id: string;
  validate: (payload: any, userContext: UserContext) => Promise<ClaimValidationResult>;
};

export interface SessionRecipeContext {
  appInfo: NormalisedAppInfo;
}
