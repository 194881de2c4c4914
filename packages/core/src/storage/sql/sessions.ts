import { sql, type Kysely, type QueryResult, type RawBuilder, type Selectable } from "kysely";
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

// SQLite's session create (PostgreSQL's is the batched insertSessions below).
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

type PromoteInput = Parameters<SessionStore["promoteRefreshToken"]>[0];
type PromoteChildInput = Parameters<SessionStore["promoteChildOrGet"]>[0];
type PromoteChildOutput = Awaited<ReturnType<SessionStore["promoteChildOrGet"]>>;
type SessionKey = { appId: string; tenantId: string; sessionHandle: string };

// SQLite: compare-and-set on the primary key: of two requests promoting from the same hash,
// the second finds refresh_token_hash_2 already changed and updates nothing.
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

// SQLite: promote the presented child when its parent is the current token. SQLite has no
// UPDATE inside WITH; its statements cost no round trip.
const promoteChildReturning = prepareQuery(
  8,
  (
    db,
    appId: string,
    tenantId: string,
    sessionHandle: string,
    userId: string,
    parentHash2: string,
    newHash2: string,
    now: number,
    expiresAt: number,
  ) =>
    db
      .updateTable("session_info")
      .set({
        refresh_token_hash_2: newHash2,
        prev_refresh_token_hash_2: parentHash2,
        refresh_token_rotated_at: now,
        expires_at: expiresAt,
      })
      .where("app_id", "=", appId)
      .where("tenant_id", "=", tenantId)
      .where("session_handle", "=", sessionHandle)
      .where("refresh_token_hash_2", "=", parentHash2)
      .where("user_id", "=", userId)
      .where("expires_at", ">", now)
      .returning(SESSION_COLUMNS),
);

/*
 * PostgreSQL runs the session writes batched (batcher.ts): one statement for many calls, its
 * input one array parameter per column, unnested into rows `input(<columns>, i)` where `i` is a
 * call's 1-based position. The planner estimates 10 rows for the unnest, so each input row is a
 * primary-key lookup (a nested loop), not a scan, and rows are locked in input order, which the
 * batcher sorts: concurrent batches cannot deadlock each other.
 */

/** One column of a batched statement's input: its name, type and value for one call. */
interface BatchColumn<T> {
  name: string;
  type: "text" | "int8" | "int2";
  value: (input: T) => unknown;
}

const keyColumns = <T extends SessionKey>(): BatchColumn<T>[] => [
  { name: "app_id", type: "text", value: (input) => input.appId },
  { name: "tenant_id", type: "text", value: (input) => input.tenantId },
  { name: "session_handle", type: "text", value: (input) => input.sessionHandle },
];

/**
 * A named statement over the unnested `columns`; `build` gets the `input` relation. Returns a
 * function that runs it for a batch of calls.
 */
function prepareBatch<T, Row>(
  columns: readonly BatchColumn<T>[],
  build: (input: RawBuilder<unknown>) => RawBuilder<Row>,
): (db: Kysely<Database>, inputs: T[]) => Promise<QueryResult<Row>> {
  const run = prepareQuery(
    columns.length,
    (_db, ...arrays: unknown[]) =>
      build(sql`unnest(${sql.join(arrays.map((array, i) => sql`${array}::${sql.raw(columns[i].type)}[]`))})
        WITH ORDINALITY AS input(${sql.join(columns.map((column) => sql.ref(column.name)))}, i)`),
    { named: true },
  );
  return (db, inputs) => run(db, "postgresql", ...columns.map((column) => inputs.map(column.value)));
}

/** Which calls of a batch of `count` the statement answered a row for. */
function answered(rows: { i: number }[], count: number): boolean[] {
  const hit = new Array<boolean>(count).fill(false);
  for (const row of rows) hit[Number(row.i) - 1] = true;
  return hit;
}

const sessionColumnsOf = (table: string) =>
  sql.join(SESSION_COLUMNS.map((column) => sql.ref(`${table}.${column}`)));

// promoteChildOrGet: the promotions and the reads in one statement. Both parts see the snapshot
// taken at the statement's start; the UPDATE re-checks its WHERE on the latest row version
// (READ COMMITTED), so of two racing promotions one wins. The SELECT part answers, for each
// call the UPDATE did not promote, the row as the snapshot saw it.
const promoteChildrenOrSelect = prepareBatch<PromoteChildInput, SessionRow & { i: number; promoted: number }>(
  [
    ...keyColumns(),
    { name: "user_id", type: "text", value: (input) => input.userId },
    { name: "parent_hash2", type: "text", value: (input) => input.parentHash2 },
    { name: "new_hash2", type: "text", value: (input) => input.newHash2 },
    { name: "at_ms", type: "int8", value: (input) => input.now },
    { name: "expires_at", type: "int8", value: (input) => input.expiresAt },
  ],
  (input) => sql`
    WITH input AS (SELECT * FROM ${input}),
    promoted AS (
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
);

async function promoteChildrenOrGet(
  db: Kysely<Database>,
  inputs: PromoteChildInput[],
): Promise<PromoteChildOutput[]> {
  const { rows } = await promoteChildrenOrSelect(db, inputs);
  const outputs: PromoteChildOutput[] = inputs.map(() => ({ record: undefined, promoted: false }));
  for (const row of rows) {
    outputs[Number(row.i) - 1] = { record: toRecord(row), promoted: Number(row.promoted) === 1 };
  }
  return outputs;
}

// promoteRefreshToken (the compare-and-set of verify's promotion); answers the promoted calls.
const promoteRefreshTokens = prepareBatch<PromoteInput, { i: number }>(
  [
    ...keyColumns(),
    { name: "expected_hash2", type: "text", value: (input) => input.expectedHash2 },
    { name: "new_hash2", type: "text", value: (input) => input.newHash2 },
    // The session recipe keeps `prev` when it swaps one sibling token for another (rotation.ts).
    { name: "prev_hash2", type: "text", value: (input) => input.prevHash2 ?? input.expectedHash2 },
    { name: "rotated_at", type: "int8", value: (input) => input.rotatedAt },
    { name: "expires_at", type: "int8", value: (input) => input.expiresAt },
  ],
  (input) => sql`
    UPDATE session_info AS s SET
      refresh_token_hash_2 = input.new_hash2,
      prev_refresh_token_hash_2 = input.prev_hash2,
      refresh_token_rotated_at = input.rotated_at,
      expires_at = input.expires_at
    FROM ${input}
    WHERE s.app_id = input.app_id AND s.tenant_id = input.tenant_id
      AND s.session_handle = input.session_handle AND s.refresh_token_hash_2 = input.expected_hash2
    RETURNING input.i`,
);

async function promoteMany(db: Kysely<Database>, inputs: PromoteInput[]): Promise<boolean[]> {
  return answered((await promoteRefreshTokens(db, inputs)).rows, inputs.length);
}

const SESSION_COLUMN_TYPES = {
  app_id: "text",
  tenant_id: "text",
  session_handle: "text",
  user_id: "text",
  refresh_token_hash_2: "text",
  prev_refresh_token_hash_2: "text",
  refresh_token_rotated_at: "int8",
  session_data: "text",
  expires_at: "int8",
  created_at_time: "int8",
  jwt_user_payload: "text",
  use_static_key: "int2",
} as const satisfies Record<(typeof SESSION_COLUMNS)[number], BatchColumn<unknown>["type"]>;

// create: a row whose primary key exists, or whose tenant is gone, is skipped rather than
// failing the statement, so only its own caller gets an error; answers the calls it wrote.
const insertSessions = prepareBatch<SessionRow, { i: number }>(
  SESSION_COLUMNS.map((name) => ({
    name,
    type: SESSION_COLUMN_TYPES[name],
    value: (row: SessionRow) => row[name],
  })),
  (input) => sql`
    WITH input AS (SELECT * FROM ${input}),
    written AS (
      INSERT INTO session_info (${sql.join(SESSION_COLUMNS.map((column) => sql.ref(column)))})
      SELECT ${sessionColumnsOf("input")} FROM input
      JOIN tenants ON tenants.app_id = input.app_id AND tenants.tenant_id = input.tenant_id
      ON CONFLICT DO NOTHING
      RETURNING app_id, tenant_id, session_handle
    )
    SELECT input.i FROM input JOIN written
      ON written.app_id = input.app_id AND written.tenant_id = input.tenant_id
      AND written.session_handle = input.session_handle`,
);

async function insertMany(
  db: Kysely<Database>,
  sessions: SessionRecord[],
): Promise<Array<Error | undefined>> {
  const written = answered((await insertSessions(db, sessions.map(toRow))).rows, sessions.length);
  return sessions.map((session, k) =>
    written[k]
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

const sessionKey = (input: SessionKey) => `${input.appId}\u0000${input.tenantId}\u0000${input.sessionHandle}`;

/**
 * Calls per batched statement, and batched statements of each kind (create, refresh's
 * promoteChildOrGet, verify's promoteRefreshToken) running at once per core process. On the
 * core-session bench (64 clients, pool 10) 1, 2, 4 or 10 refresh statements at once all gave
 * 2,700–2,900 refreshes/s against ~1,700/s unbatched; 4 leaves room in the pool for other
 * calls. A batch holds one pooled connection and never asks for a second, so a smaller pool
 * only makes batches wait their turn.
 */
export const SESSION_BATCH = { maxBatchSize: 64, maxInFlight: 4, retryAlone: retryableAlone };

/**
 * `runInTransaction` comes from the owning Storage: a multi-statement delete must be atomic,
 * and when the caller is already in a transaction it is reused.
 */
export function createSessionStore(
  db: Kysely<Database>,
  engine: "postgresql" | "sqlite",
  runInTransaction: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
): SessionStore {
  /**
   * PostgreSQL's batched form of a write, one call at a time; inside a transaction the caller's
   * connection runs each call alone. Undefined on SQLite (no round trips to save).
   */
  function onPostgresql<Input extends SessionKey, Output>(
    run: (db: Kysely<Database>, inputs: Input[]) => Promise<Output[]>,
  ): ((input: Input) => Promise<Output>) | undefined {
    if (engine !== "postgresql") return undefined;
    if (db.isTransaction) return async (input) => (await run(db, [input]))[0];
    const batcher = new Batcher((inputs: Input[]) => run(db, inputs), { ...SESSION_BATCH, key: sessionKey });
    return (input) => batcher.submit(input);
  }
  const createOnPostgresql = onPostgresql(insertMany);
  const promoteOnPostgresql = onPostgresql(promoteMany);
  const promoteChildOnPostgresql = onPostgresql(promoteChildrenOrGet);

  return {
    async create(session) {
      if (createOnPostgresql !== undefined) {
        const failure = await createOnPostgresql(session);
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
      if (promoteOnPostgresql !== undefined) return promoteOnPostgresql(input);
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
      if (promoteChildOnPostgresql !== undefined) return promoteChildOnPostgresql(input);
      const { rows } = await promoteChildReturning(
        db,
        engine,
        input.appId,
        input.tenantId,
        input.sessionHandle,
        input.userId,
        input.parentHash2,
        input.newHash2,
        input.now,
        input.expiresAt,
      );
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
