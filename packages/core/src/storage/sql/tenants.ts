import type { Kysely } from "kysely";
import type { TenantStore } from "../types";
import type { Database } from "./schema";

/**
 * `apps` and `tenants`: existence, creation and deletion. Tenant configuration (factors,
 * providers) belongs to the multitenancy recipe and will get its own tables.
 */
export function createTenantStore(
  db: Kysely<Database>,
  runInTransaction: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
): TenantStore {
  return {
    async exists(appId, tenantId) {
      // Primary key (app_id, tenant_id).
      const row = await db
        .selectFrom("tenants")
        .select("tenant_id")
        .where("app_id", "=", appId)
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async create(appId, tenantId, now) {
      return runInTransaction(async (trx) => {
        await trx
          .insertInto("apps")
          .values({ app_id: appId, created_at_time: now })
          .onConflict((oc) => oc.column("app_id").doNothing())
          .execute();
        const result = await trx
          .insertInto("tenants")
          .values({ app_id: appId, tenant_id: tenantId, created_at_time: now })
          .onConflict((oc) => oc.columns(["app_id", "tenant_id"]).doNothing())
          .executeTakeFirst();
        return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
      });
    },

    async list(appId) {
      const rows = await db
        .selectFrom("tenants")
        .select("tenant_id")
        .where("app_id", "=", appId)
        .orderBy("created_at_time")
        .orderBy("tenant_id")
        .execute();
      return rows.map((row) => row.tenant_id);
    },

    async delete(appId, tenantId) {
      const result = await db
        .deleteFrom("tenants")
        .where("app_id", "=", appId)
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
