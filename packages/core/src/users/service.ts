/**
 * User lookups and deletion (docs/protocol/cdi.md §3 "Core"), independent of any one recipe.
 */
import type { Storage } from "../storage/types";
import { userJson, type UserJson } from "./user-object";

/** One primary-key read for an unknown id (the official SDK asks on every createNewSession). */
export async function getUserById(
  storage: Storage,
  appId: string,
  userId: string,
): Promise<UserJson | undefined> {
  const primaryId = await storage.users.primaryUserIdOf(appId, userId);
  if (primaryId === undefined) return undefined;
  const [user] = await storage.users.getUsers(appId, [primaryId]);
  return user === undefined ? undefined : userJson(user);
}

export interface AccountInfoQuery {
  email?: string;
  phoneNumber?: string;
  thirdParty?: { id: string; userId: string };
  webauthnCredentialId?: string;
  doUnionOfAccountInfo: boolean;
}

/**
 * Users of a tenant having the given account info: any of it (union) or all of it. Each
 * criterion yields the primary users owning a matching login method.
 */
export async function getUsersByAccountInfo(
  storage: Storage,
  appId: string,
  tenantId: string,
  query: AccountInfoQuery,
): Promise<UserJson[]> {
  const matches: Set<string>[] = [];
  const primaryIdsOf = async (recipeUserIds: string[]) => {
    const ids = new Set<string>();
    for (const id of recipeUserIds) {
      const primaryId = await storage.users.primaryUserIdOf(appId, id);
      if (primaryId !== undefined) ids.add(primaryId);
    }
    return ids;
  };
  if (query.email !== undefined) {
    // TODO(emailpassword, thirdparty): their users with this email join here.
    const user = await storage.passwordless.getUserByEmail(appId, tenantId, query.email);
    matches.push(await primaryIdsOf(user ? [user.userId] : []));
  }
  if (query.phoneNumber !== undefined) {
    const user = await storage.passwordless.getUserByPhoneNumber(appId, tenantId, query.phoneNumber);
    matches.push(await primaryIdsOf(user ? [user.userId] : []));
  }
  // TODO(thirdparty, webauthn): no such users exist until those recipes arrive.
  if (query.thirdParty !== undefined) matches.push(new Set());
  if (query.webauthnCredentialId !== undefined) matches.push(new Set());

  let ids: Set<string>;
  if (query.doUnionOfAccountInfo) {
    ids = new Set(matches.flatMap((set) => [...set]));
  } else {
    ids = new Set(matches[0] ?? []);
    for (const set of matches.slice(1)) for (const id of ids) if (!set.has(id)) ids.delete(id);
  }
  const users = await storage.users.getUsers(appId, [...ids]);
  return users.map(userJson).sort((a, b) => a.timeJoined - b.timeJoined || (a.id < b.id ? -1 : 1));
}

/**
 * Deletes a user in one transaction: its recipe users (or only the given one), their tenant
 * links and recipe rows (by cascade), verified emails and sessions. Unknown ids succeed: the
 * call also clears what other recipes kept for an external id (verified emails, sessions).
 */
export async function removeUser(
  storage: Storage,
  appId: string,
  userId: string,
  removeAllLinkedAccounts: boolean,
): Promise<void> {
  await storage.transaction(async (tx) => {
    const primaryId = await tx.users.primaryUserIdOf(appId, userId);
    const ids =
      primaryId !== undefined && removeAllLinkedAccounts
        ? await tx.users.recipeUserIdsOf(appId, primaryId)
        : [userId];
    if (!ids.includes(userId)) ids.push(userId);
    await tx.users.deleteRecipeUsers(appId, ids);
    await tx.verifiedEmails.deleteForUsers(appId, ids);
    await tx.sessions.deleteByUsers(appId, undefined, ids);
  });
}
