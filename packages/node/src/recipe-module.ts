import type { SdkRequest, SdkResponse } from "./framework/types";

/** One FDI endpoint a recipe answers (docs/protocol/fdi.md §2 routing). */
export interface APIHandled {
  method: "get" | "post" | "put" | "delete" | "patch";
  /** Path after `{apiBasePath}` and the optional tenant prefix, e.g. `/session/refresh`. */
  pathWithoutApiBasePath: string;
  /** Stable id the recipe uses in `handleAPIRequest` and for `disabled` checks. */
  id: string;
  /** True when the user's `override.apis` set this API to `undefined` (answer 404 / next()). */
  disabled: boolean;
  /** Sent without tenant prefix by the frontend (`/signout`, `/session/refresh`, …); still accept one. */
  tenantless?: boolean;
}

/**
 * What `SuperTokens` (src/supertokens.ts) needs from every recipe. Mirrors supertokens-node's
 * RecipeModule so a reader who knows it finds the same parts.
 */
export interface RecipeModule {
  readonly recipeId: string;
  getAPIsHandled(): APIHandled[];
  /** Returns false if it did not handle it after all (the middleware then calls `next()`). */
  handleAPIRequest(
    id: string,
    tenantId: string,
    req: SdkRequest,
    res: SdkResponse,
    path: string,
    method: string,
    userContext: Record<string, any>,
  ): Promise<boolean>;
  /** True when this recipe threw `err` (SuperTokensError with matching `fromRecipe`). */
  isErrorFromThisRecipe(err: unknown): boolean;
  /** Turns one of its errors into a response; rethrows what it can't handle. */
  handleError(
    err: unknown,
    req: SdkRequest,
    res: SdkResponse,
    userContext: Record<string, any>,
  ): Promise<void>;
  getAllCORSHeaders(): string[];
}

/** What a recipe's `init(config)` returns and `recipeList` holds; called once by `supertokens.init`. */
export type RecipeListFunction = (context: RecipeInitContext) => RecipeModule;

export interface RecipeInitContext {
  appInfo: import("./types").NormalisedAppInfo;
  isInServerlessEnv: boolean;
}

/*
 * Notes for recipe authors (owner of this file: SDK platform):
 * - Build your recipe object inside the RecipeListFunction; don't keep it in a static. Find it
 *   later with `SuperTokens.getInstanceOrThrow().getRecipeOrThrow("session")` (src/supertokens.ts),
 *   so `SuperTokens.reset()` resets every recipe at once.
 * - Reach the core with `getCoreClient("session")` from "../../core-client" (the id becomes `rid`).
 * - Throw `SuperTokensError` (src/error.ts) with `fromRecipe` set to your recipeId; the
 *   errorHandler then routes it to your `handleError`.
 * - Public import paths are files under src/entry/ mirroring the path: `src/entry/recipe/session.ts`
 *   serves `@portcullis/node/recipe/session` (and `/index`, `/index.js`), `src/entry/recipe/session/claims.ts`
 *   serves `…/recipe/session/claims`. Each is three lines: see src/entry/framework/express.ts.
 */
