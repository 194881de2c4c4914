import type BetterSqlite3 from "better-sqlite3";
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from "kysely";

/**
 * Kysely dialect for one better-sqlite3 connection. Kysely ships one, but we need two things
 * it does not do:
 *
 * - `BEGIN IMMEDIATE` for every transaction. A deferred transaction that reads and then
 *   writes can fail with SQLITE_BUSY when another process wrote meanwhile (the lock upgrade
 *   is not retried by busy_timeout); taking the write lock up front makes writers queue on
 *   busy_timeout instead. Reads outside transactions are never blocked in WAL mode.
 * - One writer queue per database *file* per process. better-sqlite3 is synchronous: if two
 *   connections in one process (e.g. two core instances after a dev-server hot reload) hit the
 *   same file, the second would block the event loop in busy_timeout while the first waits
 *   for the event loop to finish its transaction. Sharing the mutex per file avoids that.
 *
 * It also caches prepared statements: kysely's SQL text is stable per query shape, and
 * preparing is a measurable part of a point read.
 */
export class SqliteFileDialect implements Dialect {
  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly mutex: Mutex,
  ) {}

  createDriver(): Driver {
    return new SqliteFileDriver(this.database, this.mutex);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

const STATEMENT_CACHE_SIZE = 200;

class SqliteFileDriver implements Driver {
  private readonly connection: SqliteConnection;

  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly mutex: Mutex,
  ) {
    this.connection = new SqliteConnection(database);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(): Promise<void> {
    this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.database.close();
  }
}

class SqliteConnection implements DatabaseConnection {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly database: BetterSqlite3.Database) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters as unknown[];
    if (statement.reader) {
      return { rows: statement.all(parameters) as R[] };
    }
    const { changes, lastInsertRowid } = statement.run(parameters);
    return {
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming is not used by the Portcullis storage");
  }

  private prepare(sqlText: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sqlText);
    if (statement === undefined) {
      statement = this.database.prepare(sqlText);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) {
        // Oldest entry first (Map keeps insertion order); shapes are few, so this rarely runs.
        this.statements.delete(this.statements.keys().next().value as string);
      }
      this.statements.set(sqlText, statement);
    }
    return statement;
  }
}

/** FIFO async mutex: kysely holds it for one query, or for a whole transaction. */
export class Mutex {
  private locked = false;
  private readonly waiters: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  unlock(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}
