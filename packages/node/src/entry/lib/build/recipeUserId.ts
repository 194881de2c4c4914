// supertokens-node deep import `lib/build/recipeUserId` (SDK-NOTES §1.1).
import RecipeUserId from "../../../recipe-user-id";
export default RecipeUserId;
