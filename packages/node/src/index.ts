/**
 * `@portcullis/node`: supertokens-node's root module (docs/protocol/sdk-surface.md §1.1). Named exports and a
 * `default` carrying the same members, so `import supertokens from`, `import * as`,
 * `import { init } from` and `require()` all work, with or without esModuleInterop.
 */
import SuperTokens from "./supertokens";
import SuperTokensError, { SuperTokensPluginError } from "./error";
import RecipeUserId, { convertToRecipeUserId } from "./recipe-user-id";
import { User } from "./user";
import { getRequestFromUserContext as requestFromUserContext, type UserContext } from "./user-context";
import type { SdkRequest } from "./framework/types";
import type { TypeInput } from "./types";
import {
  deleteUser,
  getUser,
  getUserCount,
  getUsersNewestFirst,
  getUsersOldestFirst,
  listUsersByAccountInfo,
} from "./users";
import {
  createUserIdMapping,
  deleteUserIdMapping,
  getUserIdMapping,
  updateOrDeleteUserIdMappingInfo,
} from "./user-id-mapping";

export type {
  TypeInput as SuperTokensConfig,
  AppInfo,
  SuperTokensInfo,
  HttpRequest,
  UserContext,
} from "./types";
export type { AccountInfoInput, GetUsersInput } from "./users";

export function init(config: TypeInput): void {
  SuperTokens.init(config);
}

export function getAllCORSHeaders(): string[] {
  return SuperTokens.getInstanceOrThrow().getAllCORSHeaders();
}

export function isRecipeInitialized(recipeId: string): boolean {
  return SuperTokens.getInstance()?.getRecipe(recipeId) !== undefined;
}

export function getRequestFromUserContext(userContext: UserContext | undefined): SdkRequest | undefined {
  return requestFromUserContext(userContext);
}

/** Needs the multitenancy and MFA recipes, which are not part of this SDK yet. */
export async function getAvailableFirstFactors(): Promise<never> {
  throw new Error(
    "getAvailableFirstFactors needs the multitenancy recipe, which @portcullis/node does not provide yet",
  );
}

export {
  SuperTokensError as Error,
  SuperTokensPluginError as PluginError,
  RecipeUserId,
  User,
  convertToRecipeUserId,
  getUser,
  deleteUser,
  listUsersByAccountInfo,
  getUsersOldestFirst,
  getUsersNewestFirst,
  getUserCount,
  createUserIdMapping,
  getUserIdMapping,
  deleteUserIdMapping,
  updateOrDeleteUserIdMappingInfo,
};

/** The default export: the same members on one object (supertokens-node's "Wrapper"). */
const supertokens = {
  init,
  Error: SuperTokensError,
  PluginError: SuperTokensPluginError,
  RecipeUserId,
  User,
  getAllCORSHeaders,
  getUserCount,
  getUsersOldestFirst,
  getUsersNewestFirst,
  createUserIdMapping,
  getUserIdMapping,
  deleteUserIdMapping,
  updateOrDeleteUserIdMappingInfo,
  getUser,
  listUsersByAccountInfo,
  deleteUser,
  convertToRecipeUserId,
  getRequestFromUserContext,
  isRecipeInitialized,
  getAvailableFirstFactors,
};
export default supertokens;
