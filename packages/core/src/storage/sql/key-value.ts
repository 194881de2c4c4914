import type { Kysely } from "kysely";
import type { KeyValueStore } from "../types";
import type { Database } from "./schema";

/** `key_value`: small per-tenant settings, e.g. the refresh-token master key (docs/protocol/cdi.md §5). */
export function createKeyValueStore(db: Kysely<Database>, now: () => number): KeyValueStore {
  async function get(appId: string, tenantId: string, name: string): Promise<string | undefined> {
    // Primary key (app_id, tenant_id, name).
    const row = await db
      .selectFrom("key_value")
      .select("value")
      .where("app_id", "=", appId)
      .where("tenant_id", "=", tenantId)
      .where("name", "=", name)
      .executeTakeFirst();
    return row?.value;
  }

  return {
    get,

    async getOrInsert(appId, tenantId, name, value) {
      // Two replicas creating the same value at once: the primary key keeps the first, the
      // other inserts nothing, and both read back the stored one.
      await db
        .insertInto("key_value")
        .values({ app_id: appId, tenant_id: tenantId, name, value, created_at_time: now() })
        .onConflict((oc) => oc.columns(["app_id", "tenant_id", "name"]).doNothing())
        .execute();
      const stored = await get(appId, tenantId, name);
      if (stored === undefined) {
        // Only possible if someone deleted it between our two statements.
        throw new Error(`key_value ${appId}/${tenantId}/${name} vanished right after being inserted`);
      }
      return stored;
    },

    async set(appId, tenantId, name, value) {
      await db
        .insertInto("key_value")
        .values({ app_id: appId, tenant_id: tenantId, name, value, created_at_time: now() })
        .onConflict((oc) =>
          oc.columns(["app_id", "tenant_id", "name"]).doUpdateSet({ value, created_at_time: now() }),
        )
        .execute();
    },
  };
}
