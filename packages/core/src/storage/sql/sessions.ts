import { sql, type Kysely, type Selectable } from "kysely";
import type { SessionRecord, SessionStore } from "../types";
import { Batcher } from "./batcher";
import { prepareQuery, prepareRowInsert } from "./prepared";
import type { Database, SessionInfoTable } from "./schema";

/**
 * `session_info`. The usual refresh is one `promoteChildOrGet`: on PostgreSQL one statement
 * that promotes the presented child and reads the row, batched with the other refreshes of the
 * same moment (batcher.ts); on SQLite an `UPDATE … RETURNING` and, when it changed nothing, a
 * primary-key read. Other refreshes read the row (`get`) and make at most one
 * `promoteRefreshToken` (primary-key compare-and-set update).
 */

/** Ids per statement in `IN (…)` lists; far below SQLite's and PostgreSQL's parameter limits. */
const IDS_PER_STATEMENT = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) out.push(items.slice(i, i + IDS_PER_STATEMENT));
  return out;
}

type SessionRow = Selectable<SessionInfoTable>;

function toRecord(row: SessionRow): SessionRecord {
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

function toRow(session: SessionRecord): SessionRow {
  return {
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

// SQLite: compare-and-set on the primary key: of two requests promoting from the same hash,
// the second finds refresh_token_hash_2 already changed and updates nothing. (PostgreSQL runs
// the batched form, promoteRefreshTokens.)
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

type PromoteChildInput = Parameters<SessionStore["promoteChildOrGet"]>[0];
type PromoteChildOutput = Awaited<ReturnType<SessionStore["promoteChildOrGet"]>>;

const sessionColumnsOf = (table: string) =>
  sql.join(SESSION_COLUMNS.map((column) => sql.ref(`${table}.${column}`)));

// PostgreSQL: promoteChildOrGet for a batch of sessions (batcher.ts), the promotions and the
// reads in one statement. Both parts see the snapshot taken at the statement's start; the
// UPDATE re-checks its WHERE on the latest row version (READ COMMITTED), so of two racing
// promotions one wins. The SELECT part answers, for each input the UPDATE did not promote, the
// row as the snapshot saw it. `i` is the input's 1-based position. The planner estimates 10
// rows for the unnest, so each input is a primary-key lookup (a nested loop), not a scan, and
// rows are locked in input order, which the batcher sorts: concurrent batches cannot deadlock.
const promoteChildrenOrSelect = prepareQuery(
  8,
  (
    _db,
    appIds: string[],
    tenantIds: string[],
    sessionHandles: string[],
    userIds: string[],
    parentHash2s: string[],
    newHash2s: string[],
    nows: number[],
    expiresAts: number[],
  ) => sql<SessionRow & { i: number; promoted: number }>`
    WITH input AS (
      SELECT * FROM unnest(
        ${appIds}::text[], ${tenantIds}::text[], ${sessionHandles}::text[], ${userIds}::text[],
        ${parentHash2s}::text[], ${newHash2s}::text[], ${nows}::int8[], ${expiresAts}::int8[]
      ) WITH ORDINALITY
        AS t(app_id, tenant_id, session_handle, user_id, parent_hash2, new_hash2, at_ms, expires_at, i)
    ), promoted AS (
      UPDATE session_info AS s SET
        refresh_token_hash_2 = input.new_hash2,
        prev_refresh_token_hash_2 = input.parent_hash2,
        refresh_token_rotated_at = input.at_ms,
        expires_at = input.expires_at
      FROM input
      WHERE s.app_id = input.app_id AND s.tenant_id = input.tenant_id
        AND s.session_handle = input.session_handle AND s.refresh_token_hash_2 = input.parent_hash2
        AND s.user_id = input.user_id AND s.expires_at > input.at_ms
      RETURNING input.i, ${sessionColumnsOf("s")}
    )
    SELECT promoted.i, ${sessionColumnsOf("promoted")}, 1 AS promoted FROM promoted
    UNION ALL
    SELECT input.i, ${sessionColumnsOf("s")}, 0 AS promoted
    FROM input JOIN session_info AS s
      ON s.app_id = input.app_id AND s.tenant_id = input.tenant_id AND s.session_handle = input.session_handle
    WHERE input.i NOT IN (SELECT i FROM promoted)`,
  { named: true },
);

async function promoteChildrenOrGet(
  db: Kysely<Database>,
  inputs: PromoteChildInput[],
): Promise<PromoteChildOutput[]> {
  const { rows } = await promoteChildrenOrSelect(
    db,
    "postgresql",
    inputs.map((input) => input.appId),
    inputs.map((input) => input.tenantId),
    inputs.map((input) => input.sessionHandle),
    inputs.map((input) => input.userId),
    inputs.map((input) => input.parentHash2),
    inputs.map((input) => input.newHash2),
    inputs.map((input) => input.now),
    inputs.map((input) => input.expiresAt),
  );
  const outputs: PromoteChildOutput[] = inputs.map(() => ({ record: undefined, promoted: false }));
  for (const row of rows) {
    outputs[Number(row.i) - 1] = { record: toRecord(row), promoted: Number(row.promoted) === 1 };
  }
  return outputs;
}

type PromoteInput = Parameters<SessionStore["promoteRefreshToken"]>[0];

// PostgreSQL: promoteRefreshToken (the compare-and-set of verify's promotion) for a batch of
// sessions; answers the 1-based positions of the inputs it promoted. Same plan and lock order
// as promoteChildrenOrSelect.
const promoteRefreshTokens = prepareQuery(
  8,
  (
    _db,
    appIds: string[],
    tenantIds: string[],
    sessionHandles: string[],
    expectedHash2s: string[],
    newHash2s: string[],
    prevHash2s: string[],
    rotatedAts: number[],
    expiresAts: number[],
  ) => sql<{ i: number }>`
    UPDATE session_info AS s SET
      refresh_token_hash_2 = input.new_hash2,
      prev_refresh_token_hash_2 = input.prev_hash2,
      refresh_token_rotated_at = input.rotated_at,
      expires_at = input.expires_at
    FROM unnest(
      ${appIds}::text[], ${tenantIds}::text[], ${sessionHandles}::text[], ${expectedHash2s}::text[],
      ${newHash2s}::text[], ${prevHash2s}::text[], ${rotatedAts}::int8[], ${expiresAts}::int8[]
    ) WITH ORDINALITY
      AS input(app_id, tenant_id, session_handle, expected_hash2, new_hash2, prev_hash2, rotated_at, expires_at, i)
    WHERE s.app_id = input.app_id AND s.tenant_id = input.tenant_id
      AND s.session_handle = input.session_handle AND s.refresh_token_hash_2 = input.expected_hash2
    RETURNING input.i`,
  { named: true },
);

async function promoteMany(db: Kysely<Database>, inputs: PromoteInput[]): Promise<boolean[]> {
  const { rows } = await promoteRefreshTokens(
    db,
    "postgresql",
    inputs.map((input) => input.appId),
    inputs.map((input) => input.tenantId),
    inputs.map((input) => input.sessionHandle),
    inputs.map((input) => input.expectedHash2),
    inputs.map((input) => input.newHash2),
    // The session recipe keeps `prev` when it swaps one sibling token for another (rotation.ts).
    inputs.map((input) => input.prevHash2 ?? input.expectedHash2),
    inputs.map((input) => input.rotatedAt),
    inputs.map((input) => input.expiresAt),
  );
  const promoted = inputs.map(() => false);
  for (const row of rows) promoted[Number(row.i) - 1] = true;
  return promoted;
}

// PostgreSQL: session inserts for a batch (batcher.ts). A row whose primary key exists, or
// whose tenant is gone, is skipped rather than failing the statement, so only its own caller
// gets an error; the RETURNING list names the rows written.
const insertSessions = prepareQuery(
  12,
  (
    _db,
    appIds: string[],
    tenantIds: string[],
    sessionHandles: string[],
    userIds: string[],
    hash2s: string[],
    prevHash2s: (string | null)[],
    rotatedAts: (number | null)[],
    sessionData: string[],
    expiresAts: number[],
    createdAts: number[],
    jwtUserPayloads: string[],
    useStaticKeys: number[],
  ) => sql<{ app_id: string; tenant_id: string; session_handle: string }>`
    INSERT INTO session_info (${sql.join(SESSION_COLUMNS.map((column) => sql.ref(column)))})
    SELECT ${sessionColumnsOf("input")}
    FROM unnest(
      ${appIds}::text[], ${tenantIds}::text[], ${sessionHandles}::text[], ${userIds}::text[],
      ${hash2s}::text[], ${prevHash2s}::text[], ${rotatedAts}::int8[], ${sessionData}::text[],
      ${expiresAts}::int8[], ${createdAts}::int8[], ${jwtUserPayloads}::text[], ${useStaticKeys}::int2[]
    ) AS input(${sql.join(SESSION_COLUMNS.map((column) => sql.ref(column)))})
    JOIN tenants ON tenants.app_id = input.app_id AND tenants.tenant_id = input.tenant_id
    ON CONFLICT DO NOTHING
    RETURNING app_id, tenant_id, session_handle`,
  { named: true },
);

async function insertMany(
  db: Kysely<Database>,
  sessions: SessionRecord[],
): Promise<Array<Error | undefined>> {
  const rows = sessions.map(toRow);
  const column = <K extends keyof SessionRow>(name: K) => rows.map((row) => row[name]);
  const { rows: written } = await insertSessions(
    db,
    "postgresql",
    column("app_id"),
    column("tenant_id"),
    column("session_handle"),
    column("user_id"),
    column("refresh_token_hash_2"),
    column("prev_refresh_token_hash_2"),
    column("refresh_token_rotated_at"),
    column("session_data"),
    column("expires_at"),
    column("created_at_time"),
    column("jwt_user_payload"),
    column("use_static_key"),
  );
  const done = new Set(
    written.map((row) =>
      sessionKey({ appId: row.app_id, tenantId: row.tenant_id, sessionHandle: row.session_handle }),
    ),
  );
  return sessions.map((session) =>
    done.has(sessionKey(session))
      ? undefined
      : // Handles are random UUIDs: a taken one is a bug, never something to paper over.
        new Error(
          `session ${session.sessionHandle} was not stored: the handle exists or the tenant does not`,
        ),
  );
}

/**
 * PostgreSQL errors after which each call of a failed batch is retried alone: the statement's
 * data (SQLSTATE class 22, data exception; 23, integrity constraint violation) or a rollback
 * PostgreSQL chose (class 40: a deadlock with a multi-row transaction such as a sign-out of all
 * of a user's sessions, which locks rows in index order rather than the batch's order).
 */
export const retryableAlone = (error: unknown) =>
  typeof error === "object" &&
  error !== null &&
  /^(22|23|40)/.test(String((error as { code?: unknown }).code));

const sessionKey = (input: { appId: string; tenantId: string; sessionHandle: string }) =>
  `${input.appId}\u0000${input.tenantId}\u0000${input.sessionHandle}`;

/**
 * Calls per batched statement, and batched statements of each kind (create, refresh's
 * promoteChildOrGet, verify's promoteRefreshToken) running at once per core process. On the
 * core-session bench (64 clients, pool 10) 1, 2, 4 or 10 refresh statements at once all gave
 * 2,700–2,900 refreshes/s against ~1,700/s unbatched; 4 leaves room in the pool for other
 * calls. A batch holds one pooled connection and never asks for a second, so a smaller pool
 * only makes batches wait their turn.
 */
export const SESSION_BATCH = { maxBatchSize: 64, maxInFlight: 4, retryAlone: retryableAlone };

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
  // Inside a transaction the caller's connection runs each statement alone.
  const batching = engine === "postgresql" && !db.isTransaction;
  const refreshBatcher = batching
    ? new Batcher((inputs: PromoteChildInput[]) => promoteChildrenOrGet(db, inputs), {
        ...SESSION_BATCH,
        key: sessionKey,
      })
    : undefined;
  const createBatcher = batching
    ? new Batcher((sessions: SessionRecord[]) => insertMany(db, sessions), {
        ...SESSION_BATCH,
        key: sessionKey,
      })
    : undefined;
  const promoteBatcher = batching
    ? new Batcher((inputs: PromoteInput[]) => promoteMany(db, inputs), { ...SESSION_BATCH, key: sessionKey })
    : undefined;
  return {
    async create(session) {
      if (createBatcher !== undefined) {
        const failure = await createBatcher.submit(session);
        if (failure !== undefined) throw failure;
        return;
      }
      // A duplicate handle violates the primary key and throws: handles are random UUIDs, so
      // that is a bug, never something to paper over.
      await insertSession(db, engine, toRow(session));
    },

    async get(appId, tenantId, sessionHandle) {
      const { rows } = await selectSession(db, engine, appId, tenantId, sessionHandle);
      return rows.length === 0 ? undefined : toRecord(rows[0]);
    },

    async promoteRefreshToken(input) {
      if (engine === "postgresql") {
        if (promoteBatcher !== undefined) return promoteBatcher.submit(input);
        return (await promoteMany(db, [input]))[0];
      }
      const result = await promoteRefreshToken(
        db,
        engine,
        input.appId,
        input.tenantId,
        input.sessionHandle,
        input.expectedHash2,
        input.newHash2,
        input.prevHash2 ?? input.expectedHash2,
        input.rotatedAt,
        input.expiresAt,
      );
      return (result.numAffectedRows ?? 0n) > 0n;
    },

    async promoteChildOrGet(input) {
      if (engine === "postgresql") {
        if (refreshBatcher !== undefined) return refreshBatcher.submit(input);
        return (await promoteChildrenOrGet(db, [input]))[0];
      }
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
      // No index on expires_at (migration 3: refreshes write it); a sequential scan, hourly.
      const result = await db.deleteFrom("session_info").where("expires_at", "<=", now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
