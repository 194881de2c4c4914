/**
 * The root user functions of supertokens-node (docs/protocol/sdk-surface.md §1.1), each one core call from
 * docs/protocol/cdi.md §3 "Core". Positional arguments with `userContext` last, as the official ones.
 */
import { getCoreClient } from "./core-client";
import { User, type UserJSON } from "./user";
import { getUserContext } from "./user-context";

const DEFAULT_TENANT_ID = "public";

export interface AccountInfoInput {
  email?: string;
  phoneNumber?: string;
  thirdParty?: { id: string; userId: string };
  webauthn?: { credentialId: string };
}

export interface GetUsersInput {
  tenantId: string;
  limit?: number;
  paginationToken?: string;
  includeRecipeIds?: string[];
  /** Filters the core understands: email, phone, provider, recipe. */
  query?: { [key: string]: string };
  userContext?: Record<string, any>;
}

export async function getUser(userId: string, userContext?: Record<string, any>): Promise<User | undefined> {
  const response = await getCoreClient().get<{ status: string; user?: UserJSON }>(
    "/user/id",
    { userId },
    getUserContext(userContext),
  );
  return response.status === "OK" && response.user !== undefined ? User.fromApi(response.user) : undefined;
}

export async function listUsersByAccountInfo(
  tenantId: string,
  accountInfo: AccountInfoInput,
  doUnionOfAccountInfo = false,
  userContext?: Record<string, any>,
): Promise<User[]> {
  const response = await getCoreClient().get<{ users: UserJSON[] }>(
    `/${tenantId ?? DEFAULT_TENANT_ID}/users/by-accountinfo`,
    {
      email: accountInfo.email,
      phoneNumber: accountInfo.phoneNumber,
      thirdPartyId: accountInfo.thirdParty?.id,
      thirdPartyUserId: accountInfo.thirdParty?.userId,
      webauthnCredentialId: accountInfo.webauthn?.credentialId,
      doUnionOfAccountInfo,
    },
    getUserContext(userContext),
  );
  return response.users.map((user) => User.fromApi(user));
}

export function getUsersOldestFirst(
  input: GetUsersInput,
): Promise<{ users: User[]; nextPaginationToken?: string }> {
  return getUsers(input, "ASC");
}

export function getUsersNewestFirst(
  input: GetUsersInput,
): Promise<{ users: User[]; nextPaginationToken?: string }> {
  return getUsers(input, "DESC");
}

async function getUsers(
  input: GetUsersInput,
  timeJoinedOrder: "ASC" | "DESC",
): Promise<{ users: User[]; nextPaginationToken?: string }> {
  const response = await getCoreClient().get<{ users: UserJSON[]; nextPaginationToken?: string }>(
    `/${input.tenantId ?? DEFAULT_TENANT_ID}/users`,
    {
      ...input.query,
      includeRecipeIds: input.includeRecipeIds?.join(","),
      timeJoinedOrder,
      limit: input.limit,
      paginationToken: input.paginationToken,
    },
    getUserContext(input.userContext),
  );
  return {
    users: response.users.map((user) => User.fromApi(user)),
    nextPaginationToken: response.nextPaginationToken,
  };
}

/** Without a tenant the count covers all tenants (docs/protocol/cdi.md §3: `includeAllTenants=true`). */
export async function getUserCount(
  includeRecipeIds?: string[],
  tenantId?: string,
  userContext?: Record<string, any>,
): Promise<number> {
  const response = await getCoreClient().get<{ count: number }>(
    `/${tenantId ?? DEFAULT_TENANT_ID}/users/count`,
    { includeRecipeIds: includeRecipeIds?.join(","), includeAllTenants: tenantId === undefined },
    getUserContext(userContext),
  );
  return Number(response.count);
}

export async function deleteUser(
  userId: string,
  removeAllLinkedAccounts = true,
  userContext?: Record<string, any>,
): Promise<{ status: "OK" }> {
  await getCoreClient().post(
    "/user/remove",
    { userId, removeAllLinkedAccounts },
    getUserContext(userContext),
  );
  return { status: "OK" };
}
