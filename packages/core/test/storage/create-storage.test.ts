import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createStorage } from "../../src/storage";
import { describePostgresql, openSqlite } from "../../src/storage/sql/database";
import { createTestDatabase, openTestStorage, testEngines } from "../support/databases";

describe("createStorage with a SQLite path", () => {
  it("creates the parent folders of the file", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "portcullis-t-"));
    const file = path.join(root, "nested", "deeper", "auth.db");
    try {
      const storage = createStorage({ postgresqlConnectionUri: null, sqlitePath: file });
      await storage.migrate();
      expect(existsSync(file)).toBe(true);
      expect(storage.description).toBe(`sqlite:${file}`);
      await storage.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("opens the file in WAL mode with foreign keys on and a busy timeout", async () => {
    const database = await createTestDatabase("sqlite");
    const raw = openSqlite(database.config.sqlite_path);
    try {
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`PRAGMA ${name}`).execute(raw.db)).rows[0] as object)[0];
      expect(await pragma("journal_mode")).toBe("wal");
      expect(await pragma("foreign_keys")).toBe(1);
      expect(await pragma("busy_timeout")).toBeGreaterThan(0);
      expect(await pragma("synchronous")).toBe(1); // NORMAL
    } finally {
      await raw.db.destroy();
      await database.drop();
    }
  });

  it("serves :memory: for tests", async () => {
    const storage = createStorage({ postgresqlConnectionUri: null, sqlitePath: ":memory:" });
    await storage.migrate();
    expect(await storage.tenants.exists("public", "public")).toBe(true);
    expect(storage.engine).toBe("sqlite");
    await storage.close();
  });
});

describe("createStorage with a PostgreSQL URI", () => {
  it("describes the database without user or password", () => {
    expect(describePostgresql("postgresql://admin:s3cret@db.internal:5433/auth?sslmode=require")).toBe(
      "postgresql://db.internal:5433/auth",
    );
    expect(describePostgresql("not a url")).not.toContain("not a url");
  });

  it.runIf(testEngines().includes("postgresql"))("reads BIGINT timestamps back as JS numbers", async () => {
    const database = await createTestDatabase("postgresql");
    const storage = openTestStorage(database);
    try {
      await storage.migrate();
      await storage.signingKeys.addDynamic("public", { createdAt: 1_800_000_000_123, value: "a|b" });
      const [key] = await storage.signingKeys.listDynamic("public");
      expect(key.createdAt).toBe(1_800_000_000_123);
      expect(storage.engine).toBe("postgresql");
    } finally {
      await storage.close();
      await database.drop();
    }
  });
});
