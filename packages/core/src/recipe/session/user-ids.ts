import type { CoreServices } from "../../http/route";

/**
 * Sessions are stored against the recipe user id; responses and the access token's `sub`
 * carry the primary user id (docs/protocol/cdi.md §3, §5). The users table exists now
 * (`storage.users.primaryUserIdOf`, one primary-key read), but no route can link accounts yet,
 * so every recipe user is its own primary user and the read would only add a database round
 * trip to every refresh (ARCHITECTURE.md: one indexed read plus at most one write).
 *
 * TODO(accountlinking): once linking writes `primary_or_recipe_user_id`, return
 * `(await services.storage.users.primaryUserIdOf(appId, recipeUserId)) ?? recipeUserId`.
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
