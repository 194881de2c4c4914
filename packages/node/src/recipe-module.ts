import type { SdkRequest, SdkResponse } from "./framework/types";

/** One FDI endpoint a recipe answers (FDI-NOTES §2 routing). */
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
  handleError(err: unknown, req: SdkRequest, res: SdkResponse, userContext: Record<string, any>): Promise<void>;
  getAllCORSHeaders(): string[];
}
