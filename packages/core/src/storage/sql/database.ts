import { mkdirSync, realpathSync } from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect } from "kysely";
// `pg` is loaded only when PostgreSQL is configured: it costs ~100–200 ms of start time that
// the embedded SQLite default should not pay.
type Pg = typeof import("pg");
import { namedStatementFor } from "./prepared";
import type { Database } from "./schema";
import { Mutex, SqliteFileDialect } from "./sqlite-dialect";

export interface OpenDatabase {
  engine: "sqlite" | "postgresql";
  description: string;
  db: Kysely<Database>;
}

/** Pool size per core process; PostgreSQL's default max_connections (100) fits ~9 replicas. */
export const POSTGRESQL_POOL_SIZE = 10;
/** How long a SQLite writer waits for another process's write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

const PG_INT8_OID = 20;

export function openPostgresql(
  connectionUri: string,
  poolSize = POSTGRESQL_POOL_SIZE,
  options: { preparedStatements?: boolean } = {},
): OpenDatabase {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  const pg = require("pg") as Pg;
  const pool = new pg.Pool({
    connectionString: connectionUri,
    max: poolSize,
    // Without named statements, pg's own Client: every query is parsed and planned on each run.
    Client: options.preparedStatements === false ? pg.Client : preparingClient(pg),
    // Timestamps are BIGINT milliseconds; they fit a JS number (2^53 ms ≈ year 287396). Set per
    // pool, not through pg.types, so another library in the same process keeps its parsing.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === PG_INT8_OID && format !== "binary"
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client that loses its server (restart, failover) emits 'error' on the pool; without
  // a listener that would crash the process. The next query gets a fresh connection.
  pool.on("error", () => {});
  // A connection busy with a query when the server goes away emits 'error' on its client, which
  // has no listener of its own: without this the process would exit. The query still rejects,
  // and the pool discards the broken client when it is released.
  pool.on("connect", (client) => client.on("error", () => {}));
  return {
    engine: "postgresql",
    description: describePostgresql(connectionUri),
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
  };
}

/**
 * A pg Client that runs the templates prepared.ts marks `named` as named prepared statements:
 * kysely always calls `query(text, values)`, and pg prepares a statement once per connection
 * when the query has a `name`. Every other query passes through unchanged.
 */
function preparingClient(pg: Pg): typeof import("pg").Client {
  class PreparingClient extends pg.Client {
    override query(config: any, values?: any, callback?: any): any {
      if (typeof config === "string" && Array.isArray(values)) {
        const name = namedStatementFor(config);
        if (name !== undefined) return super.query({ name, text: config, values }, callback);
      }
      return super.query(config, values, callback);
    }
  }
  return PreparingClient;
}

/** `postgresql://host:port/database`, without user or password, for logs. */
export function describePostgresql(connectionUri: string): string {
  try {
    const url = new URL(connectionUri);
    const port = url.port ? `:${url.port}` : "";
    return `postgresql://${url.hostname}${port}${url.pathname}`;
  } catch {
    return "postgresql://(unparsable connection URI)";
  }
}

/** Writer queues shared by every connection to one file in this process (see sqlite-dialect.ts). */
const fileMutexes = new Map<string, Mutex>();

export function openSqlite(sqlitePath: string): OpenDatabase {
  const inMemory = sqlitePath === ":memory:";
  let mutex: Mutex;
  if (inMemory) {
    mutex = new Mutex();
  } else {
    mkdirSync(path.dirname(path.resolve(sqlitePath)), { recursive: true });
  }
  const database = new BetterSqlite3(sqlitePath);
  if (!inMemory) {
    const key = realpathSync(sqlitePath);
    mutex = fileMutexes.get(key) ?? new Mutex();
    fileMutexes.set(key, mutex);
  }
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  // WAL: readers never block the writer and vice versa. synchronous=NORMAL is the documented
  // pairing for WAL: a commit is durable against application crashes; only a power loss can
  // drop the last transactions, and it never corrupts the file.
  if (!inMemory) database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  return {
    engine: "sqlite",
    description: inMemory ? "sqlite::memory:" : `sqlite:${sqlitePath}`,
    db: new Kysely<Database>({ dialect: new SqliteFileDialect(database, mutex!) }),
  };
}
