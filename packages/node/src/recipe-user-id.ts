/** A login method's own user id (as opposed to the primary user id after account linking). */
export default class RecipeUserId {
  private readonly recipeUserId: string;

  constructor(recipeUserId: string) {
    if (typeof recipeUserId !== "string") {
      throw new Error(`RecipeUserId needs a string (got ${typeof recipeUserId})`);
    }
    this.recipeUserId = recipeUserId;
  }

  getAsString = (): string => this.recipeUserId;
}

export function convertToRecipeUserId(recipeUserId: string): RecipeUserId {
  return new RecipeUserId(recipeUserId);
}
