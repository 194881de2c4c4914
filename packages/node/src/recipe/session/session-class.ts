import RecipeUserId from "../../recipe-user-id";
import type { UserContext } from "../../user-context";
import { getUserContext } from "../../user-context";
import { mergeAccessTokenPayload, parseAccessToken } from "./access-token";
import {
  clearSession,
  setAccessTokenInResponse,
  setAntiCsrfTokenInResponse,
  setToken,
} from "./cookie-and-header";
import SessionError, { unauthorised } from "./error";
import { buildFrontToken } from "./front-token";
import type {
  JSONObject,
  RecipeInterface,
  ReqResInfo,
  SessionClaim,
  SessionClaimValidator,
  SessionContainerInterface,
  SessionInformation,
  TokenInfo,
  TypeNormalisedInput,
} from "./types";

/** What a session needs from its recipe; one object per recipe instance, shared by all sessions. */
export interface SessionHelpers {
  config: TypeNormalisedInput;
  getRecipeImplementation(): RecipeInterface;
}

export interface SessionState {
  accessToken: string;
  /** ms since epoch (the JWT's `exp` × 1000). */
  accessTokenExpiry: number;
  accessTokenPayload: JSONObject;
  refreshToken: TokenInfo | undefined;
  antiCsrfToken: string | undefined;
  sessionHandle: string;
  userId: string;
  recipeUserId: string | RecipeUserId;
  tenantId: string;
  /** True when the client must receive the access token (and front-token) again. */
  accessTokenUpdated: boolean;
}

/** `SessionContainer` (docs/protocol/sdk-surface.md §1.6). Plain fields so a verify allocates little. */
export default class Session implements SessionContainerInterface {
  private accessToken: string;
  private accessTokenExpiry: number;
  private accessTokenPayload: JSONObject;
  private refreshToken: TokenInfo | undefined;
  private antiCsrfToken: string | undefined;
  private readonly sessionHandle: string;
  private readonly userId: string;
  private recipeUserId: string | RecipeUserId;
  private readonly tenantId: string;
  private accessTokenUpdated: boolean;
  private frontToken: string | undefined;
  private reqResInfo: ReqResInfo | undefined;

  constructor(
    private readonly helpers: SessionHelpers,
    state: SessionState,
  ) {
    this.accessToken = state.accessToken;
    this.accessTokenExpiry = state.accessTokenExpiry;
    this.accessTokenPayload = state.accessTokenPayload;
    this.refreshToken = state.refreshToken;
    this.antiCsrfToken = state.antiCsrfToken;
    this.sessionHandle = state.sessionHandle;
    this.userId = state.userId;
    this.recipeUserId = state.recipeUserId;
    this.tenantId = state.tenantId;
    this.accessTokenUpdated = state.accessTokenUpdated;
    this.frontToken = undefined;
    this.reqResInfo = undefined;
  }

  getUserId(_userContext?: Record<string, any>): string {
    return this.userId;
  }

  getRecipeUserId(_userContext?: Record<string, any>): RecipeUserId {
    if (typeof this.recipeUserId === "string") this.recipeUserId = new RecipeUserId(this.recipeUserId);
    return this.recipeUserId;
  }

  getTenantId(_userContext?: Record<string, any>): string {
    return this.tenantId;
  }

  getHandle(_userContext?: Record<string, any>): string {
    return this.sessionHandle;
  }

  getAccessToken(_userContext?: Record<string, any>): string {
    return this.accessToken;
  }

  getAccessTokenPayload(_userContext?: Record<string, any>): any {
    return this.accessTokenPayload;
  }

  private getFrontToken(): string {
    if (this.frontToken === undefined) {
      this.frontToken = buildFrontToken(this.userId, this.accessTokenExpiry, this.accessTokenPayload);
    }
    return this.frontToken;
  }

  getAllSessionTokensDangerously() {
    return {
      accessToken: this.accessToken,
      refreshToken: this.refreshToken?.token,
      antiCsrfToken: this.antiCsrfToken,
      frontToken: this.getFrontToken(),
      accessAndFrontTokenUpdated: this.accessTokenUpdated,
    };
  }

  async revokeSession(userContext?: Record<string, any>): Promise<void> {
    const ctx = getUserContext(userContext);
    await this.helpers
      .getRecipeImplementation()
      .revokeSession({ sessionHandle: this.sessionHandle, userContext: ctx });
    if (this.reqResInfo !== undefined) {
      const { req, res, transferMethod } = this.reqResInfo;
      clearSession(this.helpers.config, res, req, transferMethod, ctx);
    }
  }

  private async getSessionInformationOrThrow(userContext?: Record<string, any>): Promise<SessionInformation> {
    const info = await this.helpers
      .getRecipeImplementation()
      .getSessionInformation({ sessionHandle: this.sessionHandle, userContext: getUserContext(userContext) });
    if (info === undefined) throw unauthorised("Session does not exist anymore", true);
    return info;
  }

  async getSessionDataFromDatabase(userContext?: Record<string, any>): Promise<any> {
    return (await this.getSessionInformationOrThrow(userContext)).sessionDataInDatabase;
  }

  async updateSessionDataInDatabase(newSessionData: any, userContext?: Record<string, any>): Promise<any> {
    const updated = await this.helpers.getRecipeImplementation().updateSessionDataInDatabase({
      sessionHandle: this.sessionHandle,
      newSessionData,
      userContext: getUserContext(userContext),
    });
    if (!updated) throw unauthorised("Session does not exist anymore", true);
  }

  async getTimeCreated(userContext?: Record<string, any>): Promise<number> {
    return (await this.getSessionInformationOrThrow(userContext)).timeCreated;
  }

  async getExpiry(userContext?: Record<string, any>): Promise<number> {
    return (await this.getSessionInformationOrThrow(userContext)).expiry;
  }

  /** Rewrites the payload through the core (`/recipe/session/regenerate`) and resends the token. */
  async mergeIntoAccessTokenPayload(
    accessTokenPayloadUpdate: JSONObject,
    userContext?: Record<string, any>,
  ): Promise<void> {
    const ctx = getUserContext(userContext);
    const response = await this.helpers.getRecipeImplementation().regenerateAccessToken({
      accessToken: this.accessToken,
      newAccessTokenPayload: mergeAccessTokenPayload(this.accessTokenPayload, accessTokenPayloadUpdate),
      userContext: ctx,
    });
    if (response === undefined) throw unauthorised("Session does not exist anymore", true);
    if (response.accessToken !== undefined) {
      const parsed = parseAccessToken(response.accessToken.token);
      this.accessToken = response.accessToken.token;
      this.accessTokenPayload = parsed !== undefined ? parsed.payload : { ...response.session.userDataInJWT };
      this.accessTokenExpiry = response.accessToken.expiry;
      this.frontToken = undefined;
      this.accessTokenUpdated = true;
      if (this.reqResInfo !== undefined) this.attachToRequestResponse(this.reqResInfo, ctx);
    } else {
      // The token had expired: the core updated only its stored payload (docs/protocol/cdi.md §5).
      this.accessTokenPayload = { ...this.accessTokenPayload, ...response.session.userDataInJWT };
      this.frontToken = undefined;
    }
  }

  async assertClaims(
    claimValidators: SessionClaimValidator[],
    userContext?: Record<string, any>,
  ): Promise<void> {
    const ctx = getUserContext(userContext);
    const result = await this.helpers.getRecipeImplementation().validateClaims({
      accessTokenPayload: this.accessTokenPayload,
      userId: this.userId,
      recipeUserId: this.getRecipeUserId(),
      claimValidators,
      userContext: ctx,
    });
    if (result.accessTokenPayloadUpdate !== undefined) {
      await this.mergeIntoAccessTokenPayload(result.accessTokenPayloadUpdate, ctx);
    }
    if (result.invalidClaims.length !== 0) {
      throw new SessionError({
        message: "INVALID_CLAIMS",
        type: "INVALID_CLAIMS",
        payload: result.invalidClaims,
      });
    }
  }

  async fetchAndSetClaim<T>(claim: SessionClaim<T>, userContext?: Record<string, any>): Promise<void> {
    const ctx = getUserContext(userContext);
    const update = await claim.build(
      this.userId,
      this.getRecipeUserId(),
      this.tenantId,
      this.accessTokenPayload,
      ctx,
    );
    return this.mergeIntoAccessTokenPayload(update, ctx);
  }

  setClaimValue<T>(claim: SessionClaim<T>, value: T, userContext?: Record<string, any>): Promise<void> {
    const ctx = getUserContext(userContext);
    return this.mergeIntoAccessTokenPayload(claim.addToPayload_internal({}, value, ctx), ctx);
  }

  async getClaimValue<T>(claim: SessionClaim<T>, userContext?: Record<string, any>): Promise<T | undefined> {
    return claim.getValueFromPayload(this.accessTokenPayload, getUserContext(userContext));
  }

  removeClaim(claim: SessionClaim<any>, userContext?: Record<string, any>): Promise<void> {
    const ctx = getUserContext(userContext);
    return this.mergeIntoAccessTokenPayload(claim.removeFromPayloadByMerge_internal({}, ctx), ctx);
  }

  /** Remembers where to send later updates, and sends what changed so far (docs/protocol/fdi.md §3.2). */
  attachToRequestResponse(reqResInfo: ReqResInfo, userContext?: Record<string, any>): void {
    this.reqResInfo = reqResInfo;
    if (!this.accessTokenUpdated) return;
    const ctx: UserContext = getUserContext(userContext);
    const { req, res, transferMethod } = reqResInfo;
    const config = this.helpers.config;
    setAccessTokenInResponse(config, res, req, this.accessToken, this.getFrontToken(), transferMethod, ctx);
    if (this.refreshToken !== undefined) {
      setToken(
        config,
        res,
        req,
        "refresh",
        this.refreshToken.token,
        this.refreshToken.expiry,
        transferMethod,
        ctx,
      );
    }
    if (this.antiCsrfToken !== undefined) setAntiCsrfTokenInResponse(res, this.antiCsrfToken);
  }
}
