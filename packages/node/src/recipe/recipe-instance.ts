import type { RecipeModule } from "../recipe-module";
import SuperTokens from "../supertokens";

/**
 * A recipe's `getInstance()` / `getInstanceOrThrowError()`. The recipe is looked up in the
 * SuperTokens instance's recipe list once per `init` (both run on request paths), and looked up
 * again after a reset and a new `init`.
 */
export class RecipeInstanceCache<R extends RecipeModule> {
  private cachedFor: SuperTokens | undefined;
  private cachedRecipe: R | undefined;

  /**
   * `initCall` names the call missing from recipeList in the error (`"Session.init()"`);
   * `onLookup` runs on the recipe each time it is looked up afresh.
   */
  constructor(
    private readonly recipeId: string,
    private readonly initCall: string,
    private readonly onLookup?: (recipe: R) => void,
  ) {}

  get(): R | undefined {
    const instance = SuperTokens.getInstance();
    if (instance !== this.cachedFor) {
      this.cachedFor = instance;
      this.cachedRecipe = instance?.getRecipe(this.recipeId) as R | undefined;
      if (this.cachedRecipe !== undefined) this.onLookup?.(this.cachedRecipe);
    }
    return this.cachedRecipe;
  }

  getOrThrow(): R {
    const recipe = this.get();
    if (recipe === undefined) {
      throw new Error(
        `Initialisation not done. Did you forget to call the SuperTokens.init function with ${this.initCall} in recipeList?`,
      );
    }
    return recipe;
  }
}
