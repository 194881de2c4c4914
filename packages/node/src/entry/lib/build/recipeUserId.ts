// supertokens-node deep import `lib/build/recipeUserId` (docs/protocol/sdk-surface.md §1.1).
import RecipeUserId from "../../../recipe-user-id";
export default RecipeUserId;
