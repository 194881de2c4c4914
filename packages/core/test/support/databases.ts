/**
 * Real databases for tests: a fresh PostgreSQL database or SQLite file per call, dropped
 * afterwards, so test files can run in parallel without seeing each other's rows.
 *
 * PostgreSQL: admin URL `postgres://postgres@127.0.0.1:5432/postgres`, overridable with
 * PORTCULLIS_TEST_PG_URL. When it is unreachable, PostgreSQL tests are skipped with a printed
 * reason, except under CI=true where they run (and fail) so a broken CI setup is noticed.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createStorage } from "../../src/storage";
import type { Storage } from "../../src/storage/types";

export type TestEngine = "sqlite" | "postgresql";

export interface TestDatabase {
  config: { postgresql_connection_uri: string | null; sqlite_path: string };
  drop(): Promise<void>;
}

export const testPostgresqlAdminUrl =
  process.env.PORTCULLIS_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function probePostgresql(): string | undefined {
  // Synchronous, at import time, so `describe.each(testEngines())` knows the list. A child
  // process because `pg` is asynchronous only.
  const pgPath = createRequire(import.meta.url).resolve("pg");
  const script = `
    const { Client } = require(${JSON.stringify(pgPath)});
    const client = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.query("SELECT 1")).then(
      () => client.end().then(() => process.exit(0)),
      (error) => { console.error(error.message); process.exit(1); });`;
  const result = spawnSync(process.execPath, ["-e", script, testPostgresqlAdminUrl], {
    encoding: "utf8",
    timeout: 10_000,
  });
  if (result.status === 0) return undefined;
  return (result.stderr || result.error?.message || "no answer").trim().split("\n")[0];
}

const engines: TestEngine[] = (() => {
  if (process.env.CI === "true") return ["sqlite", "postgresql"];
  const problem = probePostgresql();
  if (problem === undefined) return ["sqlite", "postgresql"];
  process.stderr.write(
    `[portcullis tests] skipping PostgreSQL: ${describeUrl(testPostgresqlAdminUrl)} unreachable (${problem})\n`,
  );
  return ["sqlite"];
})();

/** The engines to run storage-dependent tests against: SQLite always, PostgreSQL when reachable (always in CI). */
export function testEngines(): TestEngine[] {
  return [...engines];
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "(unparsable PORTCULLIS_TEST_PG_URL)";
  }
}

export async function createTestDatabase(engine: TestEngine): Promise<TestDatabase> {
  if (engine === "sqlite") {
    const folder = mkdtempSync(path.join(os.tmpdir(), "portcullis-t-"));
    return {
      config: { postgresql_connection_uri: null, sqlite_path: path.join(folder, "auth.db") },
      async drop() {
        rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  const name = `portcullis_t_${randomBytes(6).toString("hex")}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(testPostgresqlAdminUrl);
  url.pathname = `/${name}`;
  return {
    config: { postgresql_connection_uri: url.toString(), sqlite_path: ":memory:" },
    async drop() {
      await withAdmin(async (admin) => {
        // WITH (FORCE) (PostgreSQL ≥ 13) ends connections a test forgot to close.
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPostgresqlAdminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestStorage {
  storage: Storage;
  database: TestDatabase;
  /** Closes the storage and drops the database. */
  cleanup(): Promise<void>;
}

/** A migrated Storage on a fresh database. */
export async function createTestStorage(engine: TestEngine): Promise<TestStorage> {
  const database = await createTestDatabase(engine);
  const storage = openTestStorage(database);
  await storage.migrate();
  return {
    storage,
    database,
    async cleanup() {
      await storage.close();
      await database.drop();
    },
  };
}

/**
 * Registers beforeAll/afterAll for a migrated Storage on a fresh database, for one
 * `describe`; read `.storage` (or `.test`) inside the tests.
 */
export function useTestStorage(engine: TestEngine): {
  readonly storage: Storage;
  readonly test: TestStorage;
} {
  let test: TestStorage | undefined;
  beforeAll(async () => {
    test = await createTestStorage(engine);
  });
  afterAll(async () => {
    await test?.cleanup();
  });
  return {
    get storage() {
      if (test === undefined) throw new Error("useTestStorage: read .storage inside a test");
      return test.storage;
    },
    get test() {
      if (test === undefined) throw new Error("useTestStorage: read .test inside a test");
      return test;
    },
  };
}

/** Another Storage on the same database (a second replica, or a second process's view). */
export function openTestStorage(database: TestDatabase): Storage {
  return createStorage({
    postgresqlConnectionUri: database.config.postgresql_connection_uri,
    sqlitePath: database.config.sqlite_path,
  });
}
