import { sql, type Kysely } from "kysely";
import type { DynamicSigningKeyRecord, SigningKeyStore, StaticSigningKeyRecord } from "../types";
import type { Database } from "./schema";

/**
 * `session_access_token_signing_keys` (dynamic, rotated) and `jwt_signing_keys` (static, one
 * per app and algorithm). Both are read rarely: the signing-key service caches them.
 */
export function createSigningKeyStore(
  db: Kysely<Database>,
  engine: "postgresql" | "sqlite",
  runInTransaction: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
): SigningKeyStore {
  function listStatic(appId: string): Promise<StaticSigningKeyRecord[]> {
    // Primary key (app_id, key_id).
    return db
      .selectFrom("jwt_signing_keys")
      .select(["key_id as keyId", "key_string as keyString", "algorithm", "created_at as createdAt"])
      .where("app_id", "=", appId)
      .orderBy("created_at")
      .execute();
  }

  return {
    async listDynamic(appId) {
      // Primary key (app_id, created_at_time).
      return db
        .selectFrom("session_access_token_signing_keys")
        .select(["created_at_time as createdAt", "value"])
        .where("app_id", "=", appId)
        .orderBy("created_at_time", "desc")
        .execute();
    },

    async addDynamic(appId, key: DynamicSigningKeyRecord) {
      // Same millisecond on two replicas: the primary key keeps one; the caller re-reads.
      await db
        .insertInto("session_access_token_signing_keys")
        .values({ app_id: appId, created_at_time: key.createdAt, value: key.value })
        .onConflict((oc) => oc.columns(["app_id", "created_at_time"]).doNothing())
        .execute();
    },

    async addDynamicUnlessRotated(appId, key, createdSince) {
      return runInTransaction(async (trx) => {
        // Serialise rotations of one app: PostgreSQL by a transaction-scoped advisory lock
        // (read committed alone would let two replicas both see "no new key"); SQLite's
        // transactions are BEGIN IMMEDIATE, already one writer at a time.
        if (engine === "postgresql") {
          await sql`SELECT pg_advisory_xact_lock(hashtext(${"portcullis.signing-key-rotation." + appId}))`.execute(
            trx,
          );
        }
        const newer = await trx
          .selectFrom("session_access_token_signing_keys")
          .select("created_at_time")
          .where("app_id", "=", appId)
          .where("created_at_time", ">=", createdSince)
          .limit(1)
          .executeTakeFirst();
        if (newer !== undefined) return false;
        const result = await trx
          .insertInto("session_access_token_signing_keys")
          .values({ app_id: appId, created_at_time: key.createdAt, value: key.value })
          .onConflict((oc) => oc.columns(["app_id", "created_at_time"]).doNothing())
          .executeTakeFirst();
        return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
      });
    },

    async deleteDynamicOlderThan(appId, createdBefore) {
      await db
        .deleteFrom("session_access_token_signing_keys")
        .where("app_id", "=", appId)
        .where("created_at_time", "<", createdBefore)
        .execute();
    },

    listStatic,

    async getOrInsertStatic(appId, key) {
      // UNIQUE (app_id, algorithm): of two replicas creating the key at once, one row stays.
      await db
        .insertInto("jwt_signing_keys")
        .values({
          app_id: appId,
          key_id: key.keyId,
          key_string: key.keyString,
          algorithm: key.algorithm,
          created_at: key.createdAt,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const stored = await db
        .selectFrom("jwt_signing_keys")
        .select(["key_id as keyId", "key_string as keyString", "algorithm", "created_at as createdAt"])
        .where("app_id", "=", appId)
        .where("algorithm", "=", key.algorithm)
        .executeTakeFirst();
      if (stored === undefined) {
        throw new Error(`jwt_signing_keys ${appId}/${key.algorithm} vanished right after being inserted`);
      }
      return stored;
    },
  };
}
