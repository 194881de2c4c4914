/**
 * A small real recipe for routing and error tests: it answers its APIs with
 * `{recipe, id, tenantId}` and can throw its own errors, so tests see which recipe and tenant
 * the router picked through the wire.
 */
import SuperTokensError from "../../src/error";
import type { SdkRequest, SdkResponse } from "../../src/framework/types";
import type { APIHandled, RecipeListFunction, RecipeModule } from "../../src/recipe-module";

export interface TestRecipeOptions {
  recipeId: string;
  apis: Array<Pick<APIHandled, "method" | "pathWithoutApiBasePath" | "id"> & { disabled?: boolean }>;
  corsHeaders?: string[];
}

export const TEST_RECIPE_ERROR = "TEST_RECIPE_ERROR";

export function testRecipe(options: TestRecipeOptions): RecipeListFunction {
  return () => {
    const recipe: RecipeModule = {
      recipeId: options.recipeId,
      getAPIsHandled: () => options.apis.map((api) => ({ ...api, disabled: api.disabled ?? false })),
      async handleAPIRequest(id: string, tenantId: string, req: SdkRequest, res: SdkResponse) {
        if (id === "bad-input")
          throw new SuperTokensError({
            type: "BAD_INPUT_ERROR",
            message: "email is missing",
            payload: undefined,
          });
        if (id === "own-error") {
          const err = new SuperTokensError({ type: TEST_RECIPE_ERROR, message: "handled by the recipe" });
          err.fromRecipe = options.recipeId;
          throw err;
        }
        if (id === "plain-error") throw new Error("plain failure");
        if (id === "decline") return false;
        if (id === "echo-body") {
          res.sendJSON({
            body: await req.getJSONBody(),
            cookie: req.getCookie("sAccessToken") ?? null,
            query: req.getQuery("q") ?? null,
          });
          return true;
        }
        res.sendJSON({ recipe: options.recipeId, id, tenantId });
        return true;
      },
      isErrorFromThisRecipe: (err) =>
        SuperTokensError.isErrorFromSuperTokens(err) && err.fromRecipe === options.recipeId,
      async handleError(err: unknown, _req: SdkRequest, res: SdkResponse) {
        res.setStatus(418);
        res.sendJSON({ message: (err as Error).message, recipe: options.recipeId });
      },
      getAllCORSHeaders: () => options.corsHeaders ?? [],
    };
    return recipe;
  };
}

export const baseAppInfo = {
  appName: "Portcullis tests",
  apiDomain: "http://localhost:3001",
  websiteDomain: "http://localhost:3000",
};
