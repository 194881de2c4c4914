import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import type { LoginMethodRecord, UserRecord, UserStore } from "../types";
import type { Database } from "./schema";
import { verifiedPairKey } from "./verified-emails";

/**
 * The recipe-neutral user tables (docs/protocol/cdi.md §6): `app_id_to_user_id` answers "does this id
 * exist, and who is its primary user?" with one primary-key read; `all_auth_recipe_users`
 * holds tenant membership and drives pagination. Recipe-specific account info (email, phone)
 * is read from each recipe's table when a user object is built.
 */

/** `LIKE` prefix with the wildcards of the input escaped (the search is a prefix, not a pattern). */
function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => "\\" + c) + "%";
}

export function createUserStore(db: Kysely<Database>): UserStore {
  return {
    async primaryUserIdOf(appId, userId) {
      // Primary key (app_id, user_id).
      const row = await db
        .selectFrom("app_id_to_user_id")
        .select("primary_or_recipe_user_id")
        .where("app_id", "=", appId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return row?.primary_or_recipe_user_id;
    },

    async getUsers(appId, primaryUserIds) {
      if (primaryUserIds.length === 0) return [];
      // Index app_id_to_user_id_primary_user_id_index.
      const recipeUsers = await db
        .selectFrom("app_id_to_user_id")
        .selectAll()
        .where("app_id", "=", appId)
        .where("primary_or_recipe_user_id", "in", primaryUserIds)
        .orderBy("time_joined")
        .orderBy("user_id")
        .execute();
      if (recipeUsers.length === 0) return [];
      const recipeUserIds = recipeUsers.map((row) => row.user_id);

      // Index all_auth_recipe_users_user_id_index.
      const tenantRows = await db
        .selectFrom("all_auth_recipe_users")
        .select(["user_id", "tenant_id"])
        .where("app_id", "=", appId)
        .where("user_id", "in", recipeUserIds)
        .orderBy("tenant_id")
        .execute();
      const tenantsOf = new Map<string, string[]>();
      for (const row of tenantRows) {
        const list = tenantsOf.get(row.user_id) ?? [];
        list.push(row.tenant_id);
        tenantsOf.set(row.user_id, list);
      }

      const passwordlessIds = recipeUsers.filter((r) => r.recipe_id === "passwordless").map((r) => r.user_id);
      const passwordless = new Map<string, { email: string | null; phone_number: string | null }>();
      if (passwordlessIds.length > 0) {
        // Primary key (app_id, user_id).
        const rows = await db
          .selectFrom("passwordless_users")
          .select(["user_id", "email", "phone_number"])
          .where("app_id", "=", appId)
          .where("user_id", "in", passwordlessIds)
          .execute();
        for (const row of rows) passwordless.set(row.user_id, row);
      }

      // Primary key (app_id, user_id, email).
      const verifiedRows = await db
        .selectFrom("emailverification_verified_emails")
        .select(["user_id", "email"])
        .where("app_id", "=", appId)
        .where("user_id", "in", recipeUserIds)
        .execute();
      const verified = new Set(verifiedRows.map((row) => verifiedPairKey(row.user_id, row.email)));

      const byPrimary = new Map<string, UserRecord>();
      for (const row of recipeUsers) {
        const method: LoginMethodRecord = {
          recipeId: row.recipe_id,
          recipeUserId: row.user_id,
          timeJoined: row.time_joined,
          tenantIds: tenantsOf.get(row.user_id) ?? [],
          verified: false,
        };
        const info = passwordless.get(row.user_id);
        if (info?.email != null) method.email = info.email;
        if (info?.phone_number != null) method.phoneNumber = info.phone_number;
        // docs/protocol/cdi.md §3: verified = (recipe user, email) verified; a phone-only passwordless
        // method was verified by the code itself.
        method.verified =
          method.email !== undefined
            ? verified.has(verifiedPairKey(row.user_id, method.email))
            : row.recipe_id === "passwordless";

        let user = byPrimary.get(row.primary_or_recipe_user_id);
        if (user === undefined) {
          user = {
            id: row.primary_or_recipe_user_id,
            isPrimaryUser: false,
            timeJoined: row.primary_or_recipe_user_time_joined,
            loginMethods: [],
          };
          byPrimary.set(row.primary_or_recipe_user_id, user);
        }
        if (row.user_id === row.primary_or_recipe_user_id && row.is_linked_or_is_a_primary_user === 1)
          user.isPrimaryUser = true;
        user.loginMethods.push(method);
      }
      return primaryUserIds.flatMap((id) => {
        const user = byPrimary.get(id);
        return user === undefined ? [] : [user];
      });
    },

    async listPrimaryUserIds(query) {
      const { after, order } = query;
      const cmp = order === "ASC" ? ">" : "<";
      // Index all_auth_recipe_users_pagination_index (app_id, tenant_id, time, id).
      let select = db
        .selectFrom("all_auth_recipe_users")
        .select(["primary_or_recipe_user_id", "primary_or_recipe_user_time_joined"])
        .distinct()
        .where("app_id", "=", query.appId);
      if (query.tenantId !== undefined) select = select.where("tenant_id", "=", query.tenantId);
      if (query.recipeIds !== undefined && query.recipeIds.length > 0)
        select = select.where("recipe_id", "in", query.recipeIds);
      if (after !== undefined) {
        select = select.where((eb) =>
          eb.or([
            eb("primary_or_recipe_user_time_joined", cmp, after.timeJoined),
            eb.and([
              eb("primary_or_recipe_user_time_joined", "=", after.timeJoined),
              eb("primary_or_recipe_user_id", cmp, after.userId),
            ]),
          ]),
        );
      }
      const searches: ((eb: ExpressionBuilder<Database, "all_auth_recipe_users">) => Expression<SqlBool>)[] =
        [];
      const emailPrefixes = query.emailPrefixes ?? [];
      const phonePrefixes = query.phonePrefixes ?? [];
      if (emailPrefixes.length > 0 || phonePrefixes.length > 0) {
        searches.push((eb) =>
          eb(
            "user_id",
            "in",
            eb
              .selectFrom("passwordless_users")
              .select("passwordless_users.user_id")
              .where("passwordless_users.app_id", "=", query.appId)
              .where((inner) =>
                inner.or([
                  ...emailPrefixes.map(
                    (p) => sql<SqlBool>`passwordless_users.email LIKE ${likePrefix(p)} ESCAPE '\\'`,
                  ),
                  ...phonePrefixes.map(
                    (p) => sql<SqlBool>`passwordless_users.phone_number LIKE ${likePrefix(p)} ESCAPE '\\'`,
                  ),
                ]),
              ),
          ),
        );
      }
      // TODO(thirdparty): match thirdparty_users.third_party_id; until that recipe exists no
      // user has a provider, so a provider filter matches nobody.
      if (query.thirdPartyIds !== undefined && query.thirdPartyIds.length > 0)
        searches.push(() => sql<SqlBool>`1 = 0`);
      if (searches.length > 0) select = select.where((eb) => eb.and(searches.map((s) => s(eb))));

      const rows = await select
        .orderBy("primary_or_recipe_user_time_joined", order === "ASC" ? "asc" : "desc")
        .orderBy("primary_or_recipe_user_id", order === "ASC" ? "asc" : "desc")
        .limit(query.limit)
        .execute();
      return rows.map((row) => ({
        userId: row.primary_or_recipe_user_id,
        timeJoined: Number(row.primary_or_recipe_user_time_joined),
      }));
    },

    async countPrimaryUsers(appId, tenantId, recipeIds) {
      let select = db
        .selectFrom("all_auth_recipe_users")
        .select((eb) => eb.fn.count<number>("primary_or_recipe_user_id").distinct().as("count"))
        .where("app_id", "=", appId);
      if (tenantId !== undefined) select = select.where("tenant_id", "=", tenantId);
      if (recipeIds !== undefined && recipeIds.length > 0)
        select = select.where("recipe_id", "in", recipeIds);
      const row = await select.executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async recipeUserIdsOf(appId, primaryUserId) {
      // Index app_id_to_user_id_primary_user_id_index.
      const rows = await db
        .selectFrom("app_id_to_user_id")
        .select("user_id")
        .where("app_id", "=", appId)
        .where("primary_or_recipe_user_id", "=", primaryUserId)
        .execute();
      return rows.map((row) => row.user_id);
    },

    async deleteRecipeUsers(appId, userIds) {
      if (userIds.length === 0) return;
      // ON DELETE CASCADE removes all_auth_recipe_users, passwordless_users and
      // passwordless_user_to_tenant rows of these users.
      await db
        .deleteFrom("app_id_to_user_id")
        .where("app_id", "=", appId)
        .where("user_id", "in", userIds)
        .execute();
    },
  };
}
