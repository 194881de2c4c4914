import { getCoreClient } from "../../core-client";
import SuperTokensError from "../../error";
import type { SdkRequest, SdkResponse } from "../../framework/types";
import OverrideableBuilder from "../../override";
import type { APIHandled, RecipeInitContext, RecipeListFunction, RecipeModule } from "../../recipe-module";
import type { NormalisedAppInfo } from "../../types";
import type { UserContext } from "../../user-context";
import { RecipeInstanceCache } from "../recipe-instance";
import { getAPIImplementation } from "./api/implementation";
import { handleJWKSAPI } from "./api/jwks";
import { handleRefreshAPI } from "./api/refresh";
import { handleSignOutAPI } from "./api/signout";
import { normaliseSessionConfig } from "./config";
import {
  JWKS_API_PATH,
  REFRESH_API_PATH,
  SESSION_CORS_HEADERS,
  SESSION_RECIPE_ID,
  SIGNOUT_API_PATH,
} from "./constants";
import { clearSessionFromAllTokenTransferMethods } from "./cookie-and-header";
import SessionError from "./error";
import { JWKSKeyStore } from "./jwks";
import { getRecipeImplementation } from "./recipe-implementation";
import type { RequestFlowDeps } from "./session-request-functions";
import type {
  APIInterface,
  APIOptions,
  RecipeInterface,
  SessionClaim,
  SessionClaimValidator,
  SessionContainerInterface,
  TypeInput,
  TypeNormalisedInput,
  VerifySessionOptions,
} from "./types";

const REFRESH_API_ID = "REFRESH";
const SIGNOUT_API_ID = "SIGNOUT";
const JWKS_API_ID = "JWKS";

/**
 * Claims and validators other recipes register while `init()` is still building the recipe
 * list (Session may come before or after them); the session recipe takes them over.
 */
const pendingClaims: SessionClaim<any>[] = [];
const pendingClaimValidators: SessionClaimValidator[] = [];

/** The session recipe: its config, final functions/apis, key store and claim registry. */
export default class SessionRecipe implements RecipeModule {
  static readonly RECIPE_ID = SESSION_RECIPE_ID;
  // Each lookup takes the registrations of recipes listed after Session during the same init.
  private static readonly instanceCache = new RecipeInstanceCache<SessionRecipe>(
    SESSION_RECIPE_ID,
    "Session.init()",
    (recipe) => recipe.takePendingRegistrations(),
  );
  readonly recipeId = SESSION_RECIPE_ID;

  readonly config: TypeNormalisedInput;
  readonly appInfo: NormalisedAppInfo;
  readonly isInServerlessEnv: boolean;
  readonly recipeInterfaceImpl: RecipeInterface;
  readonly apiImpl: APIInterface;
  readonly keyStore: JWKSKeyStore;

  private readonly functionsOverridden: boolean;
  private readonly claimsAddedByOtherRecipes: SessionClaim<any>[] = [];
  private readonly claimValidatorsAddedByOtherRecipes: SessionClaimValidator[] = [];
  private requestFlowDeps: RequestFlowDeps;

  constructor(context: RecipeInitContext, input: TypeInput | undefined) {
    this.appInfo = context.appInfo;
    this.isInServerlessEnv = context.isInServerlessEnv;
    this.config = normaliseSessionConfig(context.appInfo, input, {
      getRecipeImplementation: () => this.recipeInterfaceImpl,
    });
    this.keyStore = new JWKSKeyStore(
      () => getCoreClient().getJWKS(),
      this.config.jwksRefreshIntervalSec * 1000,
    );
    this.functionsOverridden = input?.override?.functions !== undefined;

    const original = getRecipeImplementation({
      config: this.config,
      keyStore: this.keyStore,
      getRecipeImplementation: () => this.recipeInterfaceImpl,
    });
    this.recipeInterfaceImpl = new OverrideableBuilder(original)
      .override(this.config.override.functions as any)
      .build();
    this.apiImpl = new OverrideableBuilder(getAPIImplementation(() => this.requestFlowDeps))
      .override(this.config.override.apis as any)
      .build();
    this.requestFlowDeps = this.buildRequestFlowDeps();
    this.takePendingRegistrations();
  }

  private takePendingRegistrations(): void {
    for (const claim of pendingClaims.splice(0)) this.addClaimFromOtherRecipe(claim);
    for (const validator of pendingClaimValidators.splice(0))
      this.addClaimValidatorFromOtherRecipe(validator);
  }

  /**
   * For other recipes (internal): a claim built into every new session / a global validator.
   * Safe to call from another recipe's init, whatever the order in recipeList.
   */
  static addClaimFromOtherRecipe(claim: SessionClaim<any>): void {
    const recipe = SessionRecipe.getInstance();
    if (recipe !== undefined) recipe.addClaimFromOtherRecipe(claim);
    else pendingClaims.push(claim);
  }

  static addClaimValidatorFromOtherRecipe(validator: SessionClaimValidator): void {
    const recipe = SessionRecipe.getInstance();
    if (recipe !== undefined) recipe.addClaimValidatorFromOtherRecipe(validator);
    else pendingClaimValidators.push(validator);
  }

  static init(config?: TypeInput): RecipeListFunction {
    return (context) => new SessionRecipe(context, config);
  }

  static getInstance(): SessionRecipe | undefined {
    return SessionRecipe.instanceCache.get();
  }

  static getInstanceOrThrowError(): SessionRecipe {
    return SessionRecipe.instanceCache.getOrThrow();
  }

  private buildRequestFlowDeps(): RequestFlowDeps {
    return {
      config: this.config,
      appInfo: this.appInfo,
      recipeImplementation: this.recipeInterfaceImpl,
      mayHaveClaimValidators:
        this.functionsOverridden || this.claimValidatorsAddedByOtherRecipes.length !== 0,
      claimValidatorsAddedByOtherRecipes: this.claimValidatorsAddedByOtherRecipes,
      claimsAddedByOtherRecipes: this.claimsAddedByOtherRecipes,
    };
  }

  getRequestFlowDeps(): RequestFlowDeps {
    return this.requestFlowDeps;
  }

  /** For other recipes (e.g. UserRoles): a claim built into every new session. Internal. */
  addClaimFromOtherRecipe(claim: SessionClaim<any>): void {
    if (this.claimsAddedByOtherRecipes.some((c) => c.key === claim.key)) {
      throw new Error(`Claim with key '${claim.key}' was added twice by recipes`);
    }
    this.claimsAddedByOtherRecipes.push(claim);
    this.requestFlowDeps = this.buildRequestFlowDeps();
  }

  getClaimsAddedByOtherRecipes(): SessionClaim<any>[] {
    return this.claimsAddedByOtherRecipes;
  }

  /** For other recipes (e.g. EmailVerification REQUIRED): a global validator. Internal. */
  addClaimValidatorFromOtherRecipe(validator: SessionClaimValidator): void {
    this.claimValidatorsAddedByOtherRecipes.push(validator);
    this.requestFlowDeps = this.buildRequestFlowDeps();
  }

  getClaimValidatorsAddedByOtherRecipes(): SessionClaimValidator[] {
    return this.claimValidatorsAddedByOtherRecipes;
  }

  apiOptions(req: SdkRequest, res: SdkResponse): APIOptions {
    return {
      recipeImplementation: this.recipeInterfaceImpl,
      config: this.config,
      recipeId: this.recipeId,
      isInServerlessEnv: this.isInServerlessEnv,
      req,
      res,
    };
  }

  /** The body of every framework's `verifySession()` middleware. */
  verifySession(
    options: VerifySessionOptions | undefined,
    req: SdkRequest,
    res: SdkResponse,
    userContext: UserContext,
  ): Promise<SessionContainerInterface | undefined> {
    return this.apiImpl.verifySession({
      verifySessionOptions: options,
      options: this.apiOptions(req, res),
      userContext,
    });
  }

  getAPIsHandled(): APIHandled[] {
    return [
      {
        method: "post",
        pathWithoutApiBasePath: REFRESH_API_PATH,
        id: REFRESH_API_ID,
        disabled: this.apiImpl.refreshPOST === undefined,
        tenantless: true,
      },
      {
        method: "post",
        pathWithoutApiBasePath: SIGNOUT_API_PATH,
        id: SIGNOUT_API_ID,
        disabled: this.apiImpl.signOutPOST === undefined,
        tenantless: true,
      },
      // Served here because no JWT recipe exists yet (docs/protocol/fdi.md §3.8).
      {
        method: "get",
        pathWithoutApiBasePath: JWKS_API_PATH,
        id: JWKS_API_ID,
        disabled: false,
        tenantless: true,
      },
    ];
  }

  async handleAPIRequest(
    id: string,
    _tenantId: string,
    req: SdkRequest,
    res: SdkResponse,
    _path: string,
    _method: string,
    userContext: UserContext,
  ): Promise<boolean> {
    const options = this.apiOptions(req, res);
    if (id === REFRESH_API_ID) return handleRefreshAPI(this.apiImpl, options, userContext);
    if (id === SIGNOUT_API_ID)
      return handleSignOutAPI(this.apiImpl, options, this.requestFlowDeps, userContext);
    if (id === JWKS_API_ID) return handleJWKSAPI(res);
    return false;
  }

  isErrorFromThisRecipe(err: unknown): boolean {
    return SuperTokensError.isErrorFromSuperTokens(err) && err.fromRecipe === SESSION_RECIPE_ID;
  }

  async handleError(
    err: unknown,
    req: SdkRequest,
    res: SdkResponse,
    userContext: UserContext,
  ): Promise<void> {
    if (!this.isErrorFromThisRecipe(err)) throw err;
    const error = err as SessionError;
    const handlers = this.config.errorHandlers;
    switch (error.type) {
      case SessionError.UNAUTHORISED:
        if (error.payload?.clearTokens !== false)
          clearSessionFromAllTokenTransferMethods(this.config, res, req, userContext);
        return handlers.onUnauthorised(error.message, req, res, userContext);
      case SessionError.TRY_REFRESH_TOKEN:
        return handlers.onTryRefreshToken(error.message, req, res, userContext);
      case SessionError.TOKEN_THEFT_DETECTED:
        clearSessionFromAllTokenTransferMethods(this.config, res, req, userContext);
        return handlers.onTokenTheftDetected(
          error.payload.sessionHandle,
          error.payload.userId,
          error.payload.recipeUserId,
          req,
          res,
          userContext,
        );
      case SessionError.INVALID_CLAIMS:
        return handlers.onInvalidClaim(error.payload, req, res, userContext);
      case SessionError.CLEAR_DUPLICATE_SESSION_COOKIES:
        return handlers.onClearDuplicateSessionCookies(error.message, req, res, userContext);
      default:
        throw err;
    }
  }

  getAllCORSHeaders(): string[] {
    return [...SESSION_CORS_HEADERS];
  }
}
