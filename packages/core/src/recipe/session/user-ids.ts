import type { CoreServices } from "../../http/route";

/**
 * Sessions are stored against the recipe user id; responses and the access token's `sub`
 * carry the primary user id (CDI-NOTES §3, §5). Until account linking exists every user is
 * its own primary user.
 *
 * TODO(accountlinking): look up `primary_or_recipe_user_id` for linked recipe users.
 */
export async function resolvePrimaryUserId(
  _services: CoreServices,
  _appId: string,
  recipeUserId: string,
): Promise<string> {
  return recipeUserId;
}

/**
 * The recipe user ids whose sessions a user-level call (list, revoke) covers: the given id
 * and, when asked, the ids linked to it.
 *
 * TODO(accountlinking): when `includeLinkedAccounts`, expand a primary user id to all its
 * linked recipe user ids.
 */
export async function sessionUserIds(
  _services: CoreServices,
  _appId: string,
  userId: string,
  _includeLinkedAccounts: boolean,
): Promise<string[]> {
  return [userId];
}
