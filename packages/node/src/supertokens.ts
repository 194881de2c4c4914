import { createCoreTransport, setCoreTransport } from "./core-client";
import { isUnknownTenantError } from "./core-client/core-error";
import type { CoreTransport } from "./core-client/types";
import SuperTokensError from "./error";
import type { SdkRequest, SdkResponse } from "./framework/types";
import { normaliseAppInfo } from "./normalise/app-info";
import { configError } from "./normalise/config-error";
import { parseConnection } from "./normalise/connection";
import type { RecipeModule } from "./recipe-module";
import { Router } from "./router";
import type { FrameworkName, NormalisedAppInfo, TypeInput } from "./types";
import { getRequestFromUserContext, type UserContext } from "./user-context";

const FRAMEWORKS: readonly FrameworkName[] = [
  "express",
  "fastify",
  "hapi",
  "loopback",
  "koa",
  "awsLambda",
  "custom",
];

/**
 * The process-wide SDK instance `init()` creates (docs/protocol/sdk-surface.md §1.2): normalised config, the
 * recipes, the router and the core transport. Everything a request needs is computed here once.
 */
export default class SuperTokens {
  private static instance: SuperTokens | undefined;

  readonly appInfo: NormalisedAppInfo;
  readonly isInServerlessEnv: boolean;
  readonly framework: FrameworkName;
  readonly debug: boolean;
  readonly recipeModules: readonly RecipeModule[];
  readonly coreTransport: CoreTransport;
  /** apiBasePath as requests arrive (the gateway strips apiGatewayPath before they reach us). */
  readonly routingBasePath: string;
  private readonly router: Router;
  private readonly corsHeaders: string[];

  private constructor(config: TypeInput) {
    if (config === null || typeof config !== "object") {
      throw configError("init needs a config object: init({ appInfo, recipeList: [Session.init()] })");
    }
    this.appInfo = normaliseAppInfo(config.appInfo);
    const connection = parseConnection(config.supertokens);

    if (config.framework !== undefined && !FRAMEWORKS.includes(config.framework)) {
      throw configError(
        `framework must be one of ${FRAMEWORKS.join(", ")} (got '${String(config.framework)}')`,
      );
    }
    this.framework = config.framework ?? "express";
    this.isInServerlessEnv = config.isInServerlessEnv === true;
    this.debug = config.debug === true;

    const { recipeList } = config;
    if (!Array.isArray(recipeList) || recipeList.length === 0) {
      throw configError(
        "recipeList must be a non-empty array of recipe inits, e.g. recipeList: [Session.init()]",
      );
    }
    const undefinedAt = recipeList.findIndex((entry) => typeof entry !== "function");
    if (undefinedAt !== -1) {
      throw configError(
        `recipeList[${undefinedAt}] is ${recipeList[undefinedAt] === undefined ? "undefined" : "not a recipe init"}: pass e.g. Session.init(), not Session.init or a conditional that yields undefined`,
      );
    }
    const recipes: RecipeModule[] = [];
    for (const createRecipe of recipeList) {
      const recipe = createRecipe({ appInfo: this.appInfo, isInServerlessEnv: this.isInServerlessEnv });
      if (recipes.some((r) => r.recipeId === recipe.recipeId)) {
        throw configError(`recipeList has the '${recipe.recipeId}' recipe twice; init each recipe once`);
      }
      recipes.push(recipe);
    }
    this.recipeModules = recipes;
    this.router = new Router(recipes);
    this.corsHeaders = [...new Set(recipes.flatMap((r) => r.getAllCORSHeaders()))];
    this.routingBasePath = this.appInfo.apiBasePath.slice(this.appInfo.apiGatewayPath.length);

    this.coreTransport = createCoreTransport(connection, (userContext) => ({
      apiDomain: this.appInfo.apiDomain,
      websiteDomain: this.appInfo.getOrigin({ request: getRequestFromUserContext(userContext), userContext }),
    }));
  }

  /** A second call is a no-op, as in supertokens-node (docs/protocol/sdk-surface.md §1.2). */
  static init(config: TypeInput): void {
    if (SuperTokens.instance !== undefined) return;
    const instance = new SuperTokens(config);
    SuperTokens.instance = instance;
    setCoreTransport(instance.coreTransport);
  }

  static getInstanceOrThrow(): SuperTokens {
    if (SuperTokens.instance === undefined) {
      throw new Error("Initialisation not done. Did you forget to call the SuperTokens.init function?");
    }
    return SuperTokens.instance;
  }

  static getInstance(): SuperTokens | undefined {
    return SuperTokens.instance;
  }

  /**
   * Forgets the instance so tests can init again; closes the embedded core. Unlike the official
   * SDK it does not require TEST_MODE=testing: our own tests call it between files' cases.
   */
  static reset(): void {
    const instance = SuperTokens.instance;
    SuperTokens.instance = undefined;
    setCoreTransport(undefined);
    instance?.coreTransport.close().catch(() => undefined);
  }

  /** Like `reset()`, but waits until the embedded core has closed its database. */
  static async resetAsync(): Promise<void> {
    const instance = SuperTokens.instance;
    SuperTokens.reset();
    await instance?.coreTransport.close().catch(() => undefined);
  }

  getRecipe(recipeId: string): RecipeModule | undefined {
    return this.recipeModules.find((r) => r.recipeId === recipeId);
  }

  getRecipeOrThrow(recipeId: string): RecipeModule {
    const recipe = this.getRecipe(recipeId);
    if (recipe === undefined) {
      throw new Error(`Recipe ${recipeId} not initialised. Did you forget to add it to the recipe list?`);
    }
    return recipe;
  }

  getAllCORSHeaders(): string[] {
    return [...this.corsHeaders];
  }

  /** Cheap test the adapters run first on every request (plain string ops, nothing allocated). */
  isUnderApiBasePath(path: string): boolean {
    const base = this.routingBasePath;
    if (!path.startsWith(base)) return false;
    const next = path.charCodeAt(base.length);
    // end of string, "/" or "?"
    return Number.isNaN(next) || next === 47 || next === 63;
  }

  /** True when a recipe answered the request (docs/protocol/fdi.md §2 routing). */
  async middleware(req: SdkRequest, res: SdkResponse, userContext: UserContext): Promise<boolean> {
    const path = req.path;
    if (!this.isUnderApiBasePath(path)) return false;
    const rid = req.getHeader("rid");
    const match = this.router.match(req.method, path.slice(this.routingBasePath.length), rid);
    if (match === undefined) return false;
    try {
      return await match.recipe.handleAPIRequest(
        match.api.id,
        match.tenantId,
        req,
        res,
        path,
        req.method.toLowerCase(),
        userContext,
      );
    } catch (err) {
      if (!isUnknownTenantError(err)) throw err;
      throw new SuperTokensError({
        type: SuperTokensError.BAD_INPUT_ERROR,
        message: `Tenant '${match.tenantId}' not found`,
      });
    }
  }

  /**
   * docs/protocol/sdk-surface.md §1.3: BAD_INPUT → 400, PLUGIN → its code, UNKNOWN → 500, recipe errors → the
   * owning recipe's handleError; anything else is rethrown for the framework to handle.
   */
  async errorHandler(
    err: unknown,
    req: SdkRequest,
    res: SdkResponse,
    userContext: UserContext,
  ): Promise<void> {
    if (!SuperTokensError.isErrorFromSuperTokens(err)) throw err;
    if (err.type === SuperTokensError.BAD_INPUT_ERROR) return sendMessage(res, 400, err.message);
    if (err.type === SuperTokensError.PLUGIN_ERROR) {
      const code = (err as { code?: number }).code;
      return sendMessage(res, typeof code === "number" && code > 0 ? code : 400, err.message);
    }
    if (err.type === SuperTokensError.UNKNOWN_ERROR) return sendMessage(res, 500, err.message);
    for (const recipe of this.recipeModules) {
      if (recipe.isErrorFromThisRecipe(err)) return recipe.handleError(err, req, res, userContext);
    }
    throw err;
  }
}

function sendMessage(res: SdkResponse, status: number, message: string): void {
  res.setStatus(status);
  res.sendJSON({ message });
}
