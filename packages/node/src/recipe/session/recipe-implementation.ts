import { sameAntiCsrfToken } from "./anti-csrf";
import { verifyLocally } from "./verify-locally";
import { getCoreClient } from "../../core-client";
import RecipeUserId from "../../recipe-user-id";
import { getRequestFromUserContext } from "../../user-context";
import {
  mergeAccessTokenPayload,
  optionalString,
  parseAccessToken,
  takeParsedAccessToken,
} from "./access-token";
import { resolveAntiCsrf } from "./config";
import { SESSION_RECIPE_ID } from "./constants";
import SessionError, { tryRefreshToken, unauthorised } from "./error";
import type { JWKSKeyStore } from "./jwks";
import Session, { type SessionHelpers } from "./session-class";
import type {
  ClaimValidationError,
  JSONObject,
  RecipeInterface,
  SessionContainerInterface,
  SessionInCore,
  SessionInformation,
  TokenInfo,
  UserContext,
} from "./types";

export interface RecipeImplementationDeps extends SessionHelpers {
  keyStore: JWKSKeyStore;
}

const core = () => getCoreClient(SESSION_RECIPE_ID);

interface CoreSession {
  handle: string;
  userId: string;
  recipeUserId: string;
  userDataInJWT: any;
  tenantId: string;
}

function toSessionInCore(session: CoreSession): SessionInCore {
  return { ...session, recipeUserId: new RecipeUserId(session.recipeUserId) };
}

export function getRecipeImplementation(deps: RecipeImplementationDeps): RecipeInterface {
  const { config } = deps;

  const sessionFromCreateOrRefresh = (response: {
    session: CoreSession;
    accessToken: TokenInfo;
    refreshToken: TokenInfo;
    antiCsrfToken?: string;
  }): Session => {
    const parsed = parseAccessToken(response.accessToken.token);
    return new Session(deps, {
      accessToken: response.accessToken.token,
      // front-token `ate` is the core's expiry, as the official SDK sends it.
      accessTokenExpiry: response.accessToken.expiry,
      accessTokenPayload: parsed !== undefined ? parsed.payload : response.session.userDataInJWT,
      refreshToken: response.refreshToken,
      antiCsrfToken: response.antiCsrfToken,
      sessionHandle: response.session.handle,
      userId: response.session.userId,
      recipeUserId: response.session.recipeUserId,
      tenantId: response.session.tenantId,
      accessTokenUpdated: true,
    });
  };

  return {
    async createNewSession({
      recipeUserId,
      accessTokenPayload,
      sessionDataInDatabase,
      disableAntiCsrf,
      tenantId,
      userContext,
    }) {
      const enableAntiCsrf =
        disableAntiCsrf !== true &&
        resolveAntiCsrf(config, getRequestFromUserContext(userContext), userContext) === "VIA_TOKEN";
      const response = await core().post(
        `/${tenantId}/recipe/session`,
        {
          userId: recipeUserId.getAsString(),
          userDataInJWT: accessTokenPayload ?? {},
          userDataInDatabase: sessionDataInDatabase ?? {},
          useDynamicSigningKey: config.useDynamicAccessTokenSigningKey,
          enableAntiCsrf,
        },
        userContext,
      );
      return sessionFromCreateOrRefresh(response);
    },

    getGlobalClaimValidators({ claimValidatorsAddedByOtherRecipes }) {
      return claimValidatorsAddedByOtherRecipes;
    },

    async getSession({
      accessToken,
      antiCsrfToken,
      options,
      userContext,
    }): Promise<SessionContainerInterface | undefined> {
      if (options?.antiCsrfCheck !== false && config.antiCsrfFunctionOrString === "VIA_CUSTOM_HEADER") {
        throw new Error(
          "Since the anti-csrf mode is VIA_CUSTOM_HEADER getSession can't check the CSRF token. Please either use VIA_TOKEN or set antiCsrfCheck to false",
        );
      }
      if (accessToken === undefined) {
        if (options?.sessionRequired === false) return undefined;
        throw unauthorised(
          "Session does not exist. Are you sending the session tokens in the request with the appropriate token transfer method?",
          false,
        );
      }
      const parsed = takeParsedAccessToken(accessToken);
      if (parsed === undefined) {
        if (options?.sessionRequired === false) return undefined;
        throw unauthorised("Token parsing failed", false);
      }
      const pending = verifyLocally(deps, parsed);
      if (pending !== undefined) await pending;

      const doAntiCsrfCheck = options?.antiCsrfCheck !== false;
      const antiCsrf = doAntiCsrfCheck
        ? resolveAntiCsrf(config, getRequestFromUserContext(userContext), userContext)
        : "NONE";
      if (antiCsrf === "VIA_TOKEN") {
        // docs/protocol/fdi.md §3.5: the token issued at create/refresh must come back in `anti-csrf`.
        const expected = optionalString(parsed.payload.antiCsrfToken);
        if (antiCsrfToken === undefined) {
          throw tryRefreshToken(
            "Provided antiCsrfToken is undefined. If you do not want anti-csrf check for this API, please set doAntiCsrfCheck to false for this API",
          );
        }
        if (expected === undefined || !sameAntiCsrfToken(antiCsrfToken, expected))
          throw tryRefreshToken("anti-csrf check failed");
      }

      const payload = parsed.payload;
      // docs/protocol/cdi.md §2: the core is asked only with checkDatabase, or on the first use of the
      // token issued by a refresh (the core then promotes the new refresh token).
      const parentRefreshTokenHash1 = optionalString(payload.parentRefreshTokenHash1);
      if (options?.checkDatabase !== true && parentRefreshTokenHash1 === undefined) {
        return new Session(deps, {
          accessToken,
          accessTokenExpiry: payload.exp * 1000,
          accessTokenPayload: payload,
          refreshToken: undefined,
          antiCsrfToken,
          sessionHandle: payload.sessionHandle,
          userId: payload.sub,
          recipeUserId: payload.rsub ?? payload.sub,
          tenantId: payload.tId ?? "public",
          accessTokenUpdated: false,
        });
      }

      const response = await core().post(
        "/recipe/session/verify",
        {
          accessToken,
          antiCsrfToken,
          doAntiCsrfCheck: antiCsrf === "VIA_TOKEN",
          enableAntiCsrf: antiCsrf === "VIA_TOKEN",
          checkDatabase: options?.checkDatabase === true,
        },
        userContext,
      );
      if (response.status === "UNAUTHORISED") throw unauthorised(response.message ?? "unauthorised", true);
      if (response.status !== "OK") throw tryRefreshToken(response.message ?? "try refresh token");
      const newToken: TokenInfo | undefined = response.accessToken;
      const newParsed = newToken !== undefined ? parseAccessToken(newToken.token) : undefined;
      const finalPayload = newParsed?.payload ?? payload;
      return new Session(deps, {
        accessToken: newToken?.token ?? accessToken,
        accessTokenExpiry: newToken?.expiry ?? payload.exp * 1000,
        accessTokenPayload: finalPayload,
        refreshToken: undefined,
        antiCsrfToken,
        sessionHandle: response.session.handle,
        userId: response.session.userId,
        recipeUserId: response.session.recipeUserId,
        tenantId: response.session.tenantId,
        accessTokenUpdated: newToken !== undefined,
      });
    },

    async refreshSession({ refreshToken, antiCsrfToken, disableAntiCsrf, userContext }) {
      const antiCsrf = resolveAntiCsrf(config, getRequestFromUserContext(userContext), userContext);
      if (disableAntiCsrf !== true && config.antiCsrfFunctionOrString === "VIA_CUSTOM_HEADER") {
        throw new Error(
          "Since the anti-csrf mode is VIA_CUSTOM_HEADER getSession can't check the CSRF token. Please either use VIA_TOKEN or set antiCsrfCheck to false",
        );
      }
      const response = await core().post(
        "/recipe/session/refresh",
        {
          refreshToken,
          antiCsrfToken,
          enableAntiCsrf: disableAntiCsrf !== true && antiCsrf === "VIA_TOKEN",
          useDynamicSigningKey: config.useDynamicAccessTokenSigningKey,
        },
        userContext,
      );
      if (response.status === "OK") return sessionFromCreateOrRefresh(response);
      if (response.status === "TOKEN_THEFT_DETECTED") {
        throw new SessionError({
          message: "Token theft detected",
          type: "TOKEN_THEFT_DETECTED",
          payload: {
            recipeUserId: new RecipeUserId(response.session.recipeUserId),
            userId: response.session.userId,
            sessionHandle: response.session.handle,
          },
        });
      }
      throw unauthorised(response.message ?? "unauthorised", true);
    },

    async regenerateAccessToken({ accessToken, newAccessTokenPayload, userContext }) {
      const response = await core().post(
        "/recipe/session/regenerate",
        { accessToken, userDataInJWT: newAccessTokenPayload },
        userContext,
      );
      if (response.status === "UNAUTHORISED") return undefined;
      return {
        status: "OK" as const,
        session: toSessionInCore(response.session),
        accessToken: response.accessToken,
      };
    },

    async getSessionInformation({ sessionHandle, userContext }): Promise<SessionInformation | undefined> {
      const response = await core().get("/recipe/session", { sessionHandle }, userContext);
      if (response.status !== "OK") return undefined;
      return {
        sessionHandle: response.sessionHandle,
        userId: response.userId,
        recipeUserId: new RecipeUserId(response.recipeUserId),
        sessionDataInDatabase: response.userDataInDatabase,
        expiry: response.expiry,
        customClaimsInAccessTokenPayload: response.userDataInJWT,
        timeCreated: response.timeCreated,
        tenantId: response.tenantId,
      };
    },

    async revokeAllSessionsForUser({
      userId,
      revokeSessionsForLinkedAccounts,
      tenantId,
      revokeAcrossAllTenants,
      userContext,
    }) {
      const path =
        revokeAcrossAllTenants === true ? "/recipe/session/remove" : `/${tenantId}/recipe/session/remove`;
      const response = await core().post(
        path,
        { userId, revokeSessionsForLinkedAccounts, revokeAcrossAllTenants: revokeAcrossAllTenants === true },
        userContext,
      );
      return response.sessionHandlesRevoked;
    },

    async getAllSessionHandlesForUser({
      userId,
      fetchSessionsForAllLinkedAccounts,
      tenantId,
      fetchAcrossAllTenants,
      userContext,
    }) {
      const path =
        fetchAcrossAllTenants === true ? "/recipe/session/user" : `/${tenantId}/recipe/session/user`;
      const response = await core().get(
        path,
        { userId, fetchSessionsForAllLinkedAccounts, fetchAcrossAllTenants: fetchAcrossAllTenants === true },
        userContext,
      );
      return response.sessionHandles;
    },

    async revokeSession({ sessionHandle, userContext }) {
      const response = await core().post(
        "/recipe/session/remove",
        { sessionHandles: [sessionHandle] },
        userContext,
      );
      return response.sessionHandlesRevoked.length === 1;
    },

    async revokeMultipleSessions({ sessionHandles, userContext }) {
      const response = await core().post("/recipe/session/remove", { sessionHandles }, userContext);
      return response.sessionHandlesRevoked;
    },

    async updateSessionDataInDatabase({ sessionHandle, newSessionData, userContext }) {
      const response = await core().put(
        "/recipe/session/data",
        { sessionHandle, userDataInDatabase: newSessionData },
        undefined,
        userContext,
      );
      return response.status === "OK";
    },

    async mergeIntoAccessTokenPayload(
      this: RecipeInterface,
      { sessionHandle, accessTokenPayloadUpdate, userContext },
    ) {
      const info = await this.getSessionInformation({ sessionHandle, userContext });
      if (info === undefined) return false;
      const response = await core().put(
        "/recipe/jwt/data",
        {
          sessionHandle,
          userDataInJWT: mergeAccessTokenPayload(
            info.customClaimsInAccessTokenPayload,
            accessTokenPayloadUpdate,
          ),
        },
        undefined,
        userContext,
      );
      return response.status === "OK";
    },

    async validateClaims({ userId, recipeUserId, accessTokenPayload, claimValidators, userContext }) {
      let payload = accessTokenPayload;
      let accessTokenPayloadUpdate: JSONObject | undefined;
      for (const validator of claimValidators) {
        const claim = validator.claim;
        if (
          claim !== undefined &&
          validator.shouldRefetch !== undefined &&
          (await validator.shouldRefetch(payload, userContext))
        ) {
          const value = await claim.fetchValue(
            userId,
            recipeUserId,
            payload.tId ?? "public",
            payload,
            userContext,
          );
          if (value !== undefined) {
            payload = claim.addToPayload_internal(payload, value, userContext);
            accessTokenPayloadUpdate = claim.addToPayload_internal(
              accessTokenPayloadUpdate ?? {},
              value,
              userContext,
            );
          }
        }
      }
      const invalidClaims: ClaimValidationError[] = [];
      for (const validator of claimValidators) {
        const result = await validator.validate(payload, userContext);
        if (!result.isValid) invalidClaims.push({ id: validator.id, reason: result.reason });
      }
      return { invalidClaims, accessTokenPayloadUpdate };
    },

    async fetchAndSetClaim(this: RecipeInterface, { sessionHandle, claim, userContext }) {
      const info = await this.getSessionInformation({ sessionHandle, userContext });
      if (info === undefined) return false;
      const update = await claim.build(
        info.userId,
        info.recipeUserId,
        info.tenantId,
        info.customClaimsInAccessTokenPayload,
        userContext,
      );
      return this.mergeIntoAccessTokenPayload({
        sessionHandle,
        accessTokenPayloadUpdate: update,
        userContext,
      });
    },

    async setClaimValue(this: RecipeInterface, { sessionHandle, claim, value, userContext }) {
      const update = claim.addToPayload_internal({}, value, userContext);
      return this.mergeIntoAccessTokenPayload({
        sessionHandle,
        accessTokenPayloadUpdate: update,
        userContext,
      });
    },

    async getClaimValue(this: RecipeInterface, { sessionHandle, claim, userContext }) {
      const info = await this.getSessionInformation({ sessionHandle, userContext });
      if (info === undefined) return { status: "SESSION_DOES_NOT_EXIST_ERROR" as const };
      return {
        status: "OK" as const,
        value: claim.getValueFromPayload(info.customClaimsInAccessTokenPayload, userContext),
      };
    },

    async removeClaim(this: RecipeInterface, { sessionHandle, claim, userContext }) {
      const update = claim.removeFromPayloadByMerge_internal({}, userContext);
      return this.mergeIntoAccessTokenPayload({
        sessionHandle,
        accessTokenPayloadUpdate: update,
        userContext,
      });
    },
  };
}

export type { UserContext };
