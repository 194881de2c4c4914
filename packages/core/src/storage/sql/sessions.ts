import { sql, type Kysely, type Selectable } from "kysely";
import type { SessionRecord, SessionStore } from "../types";
import { prepareQuery, prepareRowInsert } from "./prepared";
import type { Database, SessionInfoTable } from "./schema";

/**
 * `session_info`. The refresh hot path is `get` (primary-key read) plus at most one
 * `promoteRefreshToken` (primary-key compare-and-set update); nothing else runs per refresh.
 */

/** Ids per statement in `IN (…)` lists; far below SQLite's and PostgreSQL's parameter limits. */
const IDS_PER_STATEMENT = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) out.push(items.slice(i, i + IDS_PER_STATEMENT));
  return out;
}

function toRecord(row: Selectable<SessionInfoTable>): SessionRecord {
  return {
    appId: row.app_id,
    tenantId: row.tenant_id,
    sessionHandle: row.session_handle,
    userId: row.user_id,
    refreshTokenHash2: row.refresh_token_hash_2,
    prevRefreshTokenHash2: row.prev_refresh_token_hash_2,
    refreshTokenRotatedAt: row.refresh_token_rotated_at,
    sessionData: JSON.parse(row.session_data) as Record<string, unknown>,
    expiresAt: row.expires_at,
    createdAt: row.created_at_time,
    jwtUserPayload: JSON.parse(row.jwt_user_payload) as Record<string, unknown>,
    useStaticKey: row.use_static_key === 1,
  };
}

/**
 * Named statements list their columns instead of `*`: a prepared `SELECT *` fails with "cached
 * plan must not change result type" once a newer core's migration adds a column while this
 * process still runs (a rolling upgrade).
 */
const SESSION_COLUMNS = [
  "app_id",
  "tenant_id",
  "session_handle",
  "user_id",
  "refresh_token_hash_2",
  "prev_refresh_token_hash_2",
  "refresh_token_rotated_at",
  "session_data",
  "expires_at",
  "created_at_time",
  "jwt_user_payload",
  "use_static_key",
] as const satisfies readonly (keyof SessionInfoTable)[];

// Every session create, as a named statement too.
const insertSession = prepareRowInsert("session_info", SESSION_COLUMNS);

// Primary key (app_id, tenant_id, session_handle).
const selectSession = prepareQuery(
  3,
  (db, appId: string, tenantId: string, sessionHandle: string) =>
    db
      .selectFrom("session_info")
      .select(SESSION_COLUMNS)
      .where("app_id", "=", appId)
      .where("tenant_id", "=", tenantId)
      .where("session_handle", "=", sessionHandle),
  { named: true },
);

// Compare-and-set on the primary key: of two requests promoting from the same hash, the
// second finds refresh_token_hash_2 already changed and updates nothing.
const promoteRefreshToken = prepareQuery(
  8,
  (
    db,
    appId: string,
    tenantId: string,
    sessionHandle: string,
    expectedHash2: string,
    newHash2: string,
    prevHash2: string,
    rotatedAt: number,
    expiresAt: number,
  ) =>
    db
      .updateTable("session_info")
      .set({
        refresh_token_hash_2: newHash2,
        prev_refresh_token_hash_2: prevHash2,
        refresh_token_rotated_at: rotatedAt,
        expires_at: expiresAt,
      })
      .where("app_id", "=", appId)
      .where("tenant_id", "=", tenantId)
      .where("session_handle", "=", sessionHandle)
      .where("refresh_token_hash_2", "=", expectedHash2),
  { named: true },
);

const promoteChildSet = (newHash2: string, parentHash2: string, now: number, expiresAt: number) => ({
  refresh_token_hash_2: newHash2,
  prev_refresh_token_hash_2: parentHash2,
  refresh_token_rotated_at: now,
  expires_at: expiresAt,
});

type PromoteChildArgs = [
  appId: string,
  tenantId: string,
  sessionHandle: string,
  userId: string,
  parentHash2: string,
  newHash2: string,
  now: number,
  expiresAt: number,
];

function promoteChildUpdate(db: Kysely<Database>, ...args: PromoteChildArgs) {
  const [appId, tenantId, sessionHandle, userId, parentHash2, newHash2, now, expiresAt] = args;
  return db
    .updateTable("session_info")
    .set(promoteChildSet(newHash2, parentHash2, now, expiresAt))
    .where("app_id", "=", appId)
    .where("tenant_id", "=", tenantId)
    .where("session_handle", "=", sessionHandle)
    .where("refresh_token_hash_2", "=", parentHash2)
    .where("user_id", "=", userId)
    .where("expires_at", ">", now);
}

// PostgreSQL: the promotion and the read in one statement. Both parts see the snapshot taken
// at the statement's start; the UPDATE re-checks its WHERE on the latest row version (READ
// COMMITTED), so of two racing promotions one wins. The SELECT part answers only when the
// UPDATE changed nothing, with the row as the snapshot saw it.
const promoteChildOrSelect = prepareQuery(
  8,
  (db, ...args: PromoteChildArgs) => {
    const [appId, tenantId, sessionHandle] = args;
    return db
      .with("promoted", () => promoteChildUpdate(db, ...args).returning(SESSION_COLUMNS))
      .selectFrom("promoted")
      .select(SESSION_COLUMNS)
      .select(sql<number>`1`.as("promoted"))
      .unionAll(
        db
          .selectFrom("session_info")
          .select(SESSION_COLUMNS)
          .select(sql<number>`0`.as("promoted"))
          .where("app_id", "=", appId)
          .where("tenant_id", "=", tenantId)
          .where("session_handle", "=", sessionHandle)
          .where(sql<boolean>`not exists (select 1 from promoted)`),
      );
  },
  { named: true },
);

// SQLite has no UPDATE inside WITH; its statements cost no round trip.
const promoteChildReturning = prepareQuery(8, (db, ...args: PromoteChildArgs) =>
  promoteChildUpdate(db, ...args).returning(SESSION_COLUMNS),
);

/**
 * `runInTransaction` comes from the owning Storage: a multi-statement delete must be atomic,
 * and when the caller is already in a transaction it is reused.
 */
export function createSessionStore(
  db: Kysely<Database>,
  engine: "postgresql" | "sqlite",
  runInTransaction: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
): SessionStore {
  return {
    async create(session) {
      // A duplicate handle violates the primary key and throws: handles are random UUIDs, so
      // that is a bug, never something to paper over.
      await insertSession(db, engine, {
        app_id: session.appId,
        tenant_id: session.tenantId,
        session_handle: session.sessionHandle,
        user_id: session.userId,
        refresh_token_hash_2: session.refreshTokenHash2,
        prev_refresh_token_hash_2: session.prevRefreshTokenHash2,
        refresh_token_rotated_at: session.refreshTokenRotatedAt,
        session_data: JSON.stringify(session.sessionData),
        expires_at: session.expiresAt,
        created_at_time: session.createdAt,
        jwt_user_payload: JSON.stringify(session.jwtUserPayload),
        use_static_key: session.useStaticKey ? 1 : 0,
      });
    },

    async get(appId, tenantId, sessionHandle) {
      const { rows } = await selectSession(db, engine, appId, tenantId, sessionHandle);
      return rows.length === 0 ? undefined : toRecord(rows[0]);
    },

    async promoteRefreshToken(input) {
      const result = await promoteRefreshToken(
        db,
        engine,
        input.appId,
        input.tenantId,
        input.sessionHandle,
        input.expectedHash2,
        input.newHash2,
        // The session recipe keeps `prev` when it swaps one sibling token for another (rotation.ts).
        input.prevHash2 ?? input.expectedHash2,
        input.rotatedAt,
        input.expiresAt,
      );
      return (result.numAffectedRows ?? 0n) > 0n;
    },

    async promoteChildOrGet(input) {
      const args: PromoteChildArgs = [
        input.appId,
        input.tenantId,
        input.sessionHandle,
        input.userId,
        input.parentHash2,
        input.newHash2,
        input.now,
        input.expiresAt,
      ];
      if (engine === "postgresql") {
        const { rows } = await promoteChildOrSelect(db, engine, ...args);
        return rows.length === 0
          ? { record: undefined, promoted: false }
          : { record: toRecord(rows[0]), promoted: Number(rows[0].promoted) === 1 };
      }
      const { rows } = await promoteChildReturning(db, engine, ...args);
      if (rows.length > 0) return { record: toRecord(rows[0]), promoted: true };
      const { rows: current } = await selectSession(
        db,
        engine,
        input.appId,
        input.tenantId,
        input.sessionHandle,
      );
      return { record: current.length === 0 ? undefined : toRecord(current[0]), promoted: false };
    },

    async setUseStaticKey(appId, tenantId, sessionHandle, useStaticKey) {
      await db
        .updateTable("session_info")
        .set({ use_static_key: useStaticKey ? 1 : 0 })
        .where("app_id", "=", appId)
        .where("tenant_id", "=", tenantId)
        .where("session_handle", "=", sessionHandle)
        .execute();
    },

    async updateSessionData(appId, tenantId, sessionHandle, data) {
      const result = await db
        .updateTable("session_info")
        .set({ session_data: JSON.stringify(data) })
        .where("app_id", "=", appId)
        .where("tenant_id", "=", tenantId)
        .where("session_handle", "=", sessionHandle)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async updateJwtPayload(appId, tenantId, sessionHandle, payload) {
      const result = await db
        .updateTable("session_info")
        .set({ jwt_user_payload: JSON.stringify(payload) })
        .where("app_id", "=", appId)
        .where("tenant_id", "=", tenantId)
        .where("session_handle", "=", sessionHandle)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async deleteByHandles(appId, sessionHandles) {
      if (sessionHandles.length === 0) return [];
      const byTenant = new Map<string, string[]>();
      for (const { tenantId, sessionHandle } of sessionHandles) {
        const list = byTenant.get(tenantId) ?? [];
        list.push(sessionHandle);
        byTenant.set(tenantId, list);
      }
      return runInTransaction(async (trx) => {
        const deleted: string[] = [];
        for (const [tenantId, handles] of byTenant) {
          for (const part of chunks(handles)) {
            // Primary key (app_id, tenant_id, session_handle).
            const rows = await trx
              .deleteFrom("session_info")
              .where("app_id", "=", appId)
              .where("tenant_id", "=", tenantId)
              .where("session_handle", "in", part)
              .returning("session_handle")
              .execute();
            for (const row of rows) deleted.push(row.session_handle);
          }
        }
        return deleted;
      });
    },

    async deleteByUsers(appId, tenantId, userIds) {
      if (userIds.length === 0) return [];
      return runInTransaction(async (trx) => {
        const deleted: string[] = [];
        for (const part of chunks(userIds)) {
          // Index session_info_user_id_index (app_id, user_id).
          let query = trx.deleteFrom("session_info").where("app_id", "=", appId).where("user_id", "in", part);
          if (tenantId !== undefined) query = query.where("tenant_id", "=", tenantId);
          const rows = await query.returning("session_handle").execute();
          for (const row of rows) deleted.push(row.session_handle);
        }
        return deleted;
      });
    },

    async listHandlesByUsers(appId, tenantId, userIds, now) {
      const handles: string[] = [];
      for (const part of chunks(userIds)) {
        // Index session_info_user_id_index (app_id, user_id).
        let query = db
          .selectFrom("session_info")
          .select("session_handle")
          .where("app_id", "=", appId)
          .where("user_id", "in", part)
          .where("expires_at", ">", now);
        if (tenantId !== undefined) query = query.where("tenant_id", "=", tenantId);
        const rows = await query.orderBy("created_at_time").execute();
        for (const row of rows) handles.push(row.session_handle);
      }
      return handles;
    },

    async deleteExpired(now) {
      // Index session_info_expires_at_index (expires_at).
      const result = await db.deleteFrom("session_info").where("expires_at", "<=", now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
