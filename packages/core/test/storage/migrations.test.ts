import { spawn } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { appliedMigrations, MIGRATIONS } from "../../src/storage/sql/migrations";
import { openPostgresql, openSqlite } from "../../src/storage/sql/database";
import { createTestDatabase, openTestStorage, testEngines, type TestDatabase } from "../support/databases";

const latestVersion = MIGRATIONS[MIGRATIONS.length - 1].version;

function openRaw(database: TestDatabase) {
  return database.config.postgresql_connection_uri !== null
    ? openPostgresql(database.config.postgresql_connection_uri)
    : openSqlite(database.config.sqlite_path);
}

/** Runs `storage.migrate()` in a separate Node process, as a second replica or the CLI would. */
function migrateInChildProcess(database: TestDatabase): Promise<void> {
  const script = `
    const { createStorage } = require(${JSON.stringify(path.resolve(__dirname, "../../src/storage"))});
    const storage = createStorage(JSON.parse(process.argv[1]));
    storage.migrate().then(() => storage.close()).then(
      () => process.exit(0),
      (error) => { console.error(error); process.exit(1); });`;
  const options = {
    postgresqlConnectionUri: database.config.postgresql_connection_uri,
    sqlitePath: database.config.sqlite_path,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", "tsx/cjs", "-e", script, JSON.stringify(options)], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`migrate child failed: ${stderr}`)),
    );
  });
}

describe.each(testEngines())("migrate() on %s", (engine) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database?.drop();
  });

  it("creates every table on a fresh database and records the applied versions", async () => {
    database = await createTestDatabase(engine);
    const storage = openTestStorage(database);
    await storage.migrate();
    const raw = openRaw(database);
    try {
      expect(await appliedMigrations(raw.db)).toEqual(MIGRATIONS.map((m) => m.version));
      const tables = (await raw.db.introspection.getTables()).map((table) => table.name).sort();
      expect(tables).toEqual(
        expect.arrayContaining([
          "apps",
          "jwt_signing_keys",
          "key_value",
          "schema_migrations",
          "session_access_token_signing_keys",
          "session_info",
          "tenants",
        ]),
      );
    } finally {
      await raw.db.destroy();
      await storage.close();
    }
  });

  it("creates the default app and tenant `public`", async () => {
    database = await createTestDatabase(engine);
    const storage = openTestStorage(database);
    await storage.migrate();
    expect(await storage.tenants.exists("public", "public")).toBe(true);
    expect(await storage.tenants.exists("public", "other")).toBe(false);
    await storage.close();
  });

  it("is idempotent: a second run applies nothing and keeps the data", async () => {
    database = await createTestDatabase(engine);
    const storage = openTestStorage(database);
    await storage.migrate();
    await storage.keyValue.set("public", "public", "kept", "yes");
    await storage.migrate();
    expect(await storage.keyValue.get("public", "public", "kept")).toBe("yes");
    const raw = openRaw(database);
    expect(await appliedMigrations(raw.db)).toEqual(MIGRATIONS.map((m) => m.version));
    await raw.db.destroy();
    await storage.close();
  });

  it("is safe when several storages in one process migrate at once", async () => {
    database = await createTestDatabase(engine);
    const storages = [openTestStorage(database), openTestStorage(database), openTestStorage(database)];
    await Promise.all(storages.map((storage) => storage.migrate()));
    expect(await storages[0].tenants.exists("public", "public")).toBe(true);
    const raw = openRaw(database);
    expect(await appliedMigrations(raw.db)).toEqual(MIGRATIONS.map((m) => m.version));
    await raw.db.destroy();
    await Promise.all(storages.map((storage) => storage.close()));
  });

  it("is safe when several processes migrate at once", async () => {
    database = await createTestDatabase(engine);
    await Promise.all([
      migrateInChildProcess(database),
      migrateInChildProcess(database),
      migrateInChildProcess(database),
    ]);
    const raw = openRaw(database);
    expect(await appliedMigrations(raw.db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(latestVersion).toBeGreaterThanOrEqual(1);
    await raw.db.destroy();
    const storage = openTestStorage(database);
    expect(await storage.tenants.exists("public", "public")).toBe(true);
    await storage.close();
  });
});
