import type { Kysely } from "kysely";
import type { VerifiedEmailStore } from "../types";
import type { Database } from "./schema";

/** `emailverification_verified_emails`: which (user, email) pairs are verified (docs/protocol/cdi.md §6). */

export function verifiedPairKey(userId: string, email: string): string {
  return `${userId}\n${email}`;
}

export function createVerifiedEmailStore(db: Kysely<Database>): VerifiedEmailStore {
  return {
    async markVerified(appId, userId, email) {
      await db
        .insertInto("emailverification_verified_emails")
        .values({ app_id: appId, user_id: userId, email })
        .onConflict((oc) => oc.columns(["app_id", "user_id", "email"]).doNothing())
        .execute();
    },

    async unmarkVerified(appId, userId, email) {
      await db
        .deleteFrom("emailverification_verified_emails")
        .where("app_id", "=", appId)
        .where("user_id", "=", userId)
        .where("email", "=", email)
        .execute();
    },

    async isVerified(appId, userId, email) {
      // Primary key (app_id, user_id, email).
      const row = await db
        .selectFrom("emailverification_verified_emails")
        .select("email")
        .where("app_id", "=", appId)
        .where("user_id", "=", userId)
        .where("email", "=", email)
        .executeTakeFirst();
      return row !== undefined;
    },

    async verifiedPairs(appId, userIds) {
      if (userIds.length === 0) return new Set();
      const rows = await db
        .selectFrom("emailverification_verified_emails")
        .select(["user_id", "email"])
        .where("app_id", "=", appId)
        .where("user_id", "in", userIds)
        .execute();
      return new Set(rows.map((row) => verifiedPairKey(row.user_id, row.email)));
    },

    async deleteForUsers(appId, userIds) {
      if (userIds.length === 0) return;
      await db
        .deleteFrom("emailverification_verified_emails")
        .where("app_id", "=", appId)
        .where("user_id", "in", userIds)
        .execute();
    },
  };
}
