/**
 * PostgreSQL planner statistics for new tables (storage/sql/statistics.ts), and the generic
 * plans the named hot-path statements and the foreign-key checks get once tables have them.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openPostgresql } from "../../src/storage/sql/database";
import { createSqlStorage } from "../../src/storage/sql/sql-storage";
import { CORE_TABLES } from "../../src/storage/sql/statistics";
import type { Storage } from "../../src/storage/types";
import { startTestCore } from "../support/core";
import { createTestStorage, testEngines, type TestStorage } from "../support/databases";
import { sessionRecord } from "../support/records";

const onPostgresql = testEngines().includes("postgresql");

describe.runIf(onPostgresql)("named statements and planner statistics on postgresql", () => {
  let test: TestStorage;
  let storage: Storage;
  let client: pg.Client;
  beforeAll(async () => {
    test = await createTestStorage("postgresql");
    storage = test.storage;
    client = new pg.Client({ connectionString: test.database.config.postgresql_connection_uri! });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await test?.cleanup();
  });

  async function analyzed(table: string): Promise<boolean> {
    const { rows } = await client.query(
      "SELECT last_analyze IS NOT NULL AS done FROM pg_stat_user_tables WHERE relname = $1",
      [table],
    );
    return rows[0].done as boolean;
  }

  async function waitForStatistics(): Promise<void> {
    // pg_stat_user_tables lags the writes: a backend flushes its counts at most once a second
    // while busy, and an idle one only after up to 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL).
    for (let i = 0; i < 250 && (await storage.analyzeNewTables()).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
  }

  async function genericPlan(text: string, types: string[]): Promise<string> {
    const name = `plan_${randomUUID().replaceAll("-", "")}`;
    await client.query("SET plan_cache_mode = force_generic_plan");
    await client.query(`PREPARE ${name} (${types.join(",")}) AS ${text}`);
    const { rows } = await client.query(`EXPLAIN EXECUTE ${name} (${types.map(() => "NULL").join(",")})`);
    await client.query(`DEALLOCATE ${name}`);
    return rows.map((row) => row["QUERY PLAN"] as string).join("\n");
  }

  it("lists every table of the schema", async () => {
    const { rows } = await client.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'",
    );
    expect(rows.map((row) => row.tablename).sort()).toEqual([...CORE_TABLES].sort());
  });

  it("analyzes the tables that got rows and never had statistics, then leaves them alone", async () => {
    for (let i = 0; i < 300; i++) {
      const userId = `user-${i}`;
      const device = {
        appId: "public",
        tenantId: "public",
        deviceIdHash: `device-${i}`,
        email: `${userId}@example.com`,
        phoneNumber: null,
        linkCodeSalt: "salt",
        failedAttempts: 0,
      };
      await storage.passwordless.createDevice(device, {
        appId: "public",
        tenantId: "public",
        codeId: `code-${i}`,
        deviceIdHash: device.deviceIdHash,
        linkCodeHash: `link-${i}`,
        createdAt: i,
      });
      const user = { userId, email: device.email, phoneNumber: null, timeJoined: i };
      expect(await storage.passwordless.consumeDeviceForNewUser(device, user)).toBe(true);
      await storage.sessions.create(sessionRecord({ userId, expiresAt: Date.now() + 60_000, createdAt: i }));
    }
    expect(await analyzed("app_id_to_user_id")).toBe(false);
    await waitForStatistics();
    for (const table of ["app_id_to_user_id", "all_auth_recipe_users", "passwordless_users", "session_info"])
      expect(await analyzed(table), table).toBe(true);
    expect(await analyzed("jwt_signing_keys")).toBe(false); // still empty
    expect(await storage.analyzeNewTables()).toEqual([]);
  }, 60_000);

  it("then gives key lookups and foreign-key checks their primary key in generic plans", async () => {
    // The query PostgreSQL runs for the foreign key of every new user's all_auth_recipe_users row.
    expect(
      await genericPlan(
        "SELECT 1 FROM ONLY app_id_to_user_id x WHERE app_id::text = $1::text AND user_id::text = $2::text FOR KEY SHARE OF x",
        ["varchar", "varchar"],
      ),
    ).toContain("app_id_to_user_id_pkey");
    expect(
      await genericPlan(
        "SELECT * FROM session_info WHERE app_id = $1 AND tenant_id = $2 AND session_handle = $3",
        ["varchar", "varchar", "varchar"],
      ),
    ).toContain("session_info_pkey");
  });

  it("keeps the named statements working when a newer migration adds a column (rolling upgrade)", async () => {
    const own = await createTestStorage("postgresql");
    const admin = new pg.Client({ connectionString: own.database.config.postgresql_connection_uri! });
    try {
      await admin.connect();
      const record = sessionRecord({
        userId: "u1",
        refreshTokenHash2: "h0",
        expiresAt: Date.now() + 60_000,
        createdAt: 1,
      });
      await own.storage.sessions.create(record);
      // Past the five runs after which PostgreSQL caches a generic plan on each connection.
      for (let i = 0; i < 30; i++) {
        await own.storage.sessions.get("public", "public", record.sessionHandle);
        await own.storage.passwordless.getDeviceWithCodes("public", "public", "no-such-device");
      }
      await admin.query("ALTER TABLE session_info ADD COLUMN added_by_a_newer_core INTEGER");
      await admin.query("ALTER TABLE passwordless_devices ADD COLUMN added_by_a_newer_core INTEGER");
      const results = await Promise.all(
        Array.from({ length: 20 }, () => own.storage.sessions.get("public", "public", record.sessionHandle)),
      );
      for (const result of results) expect(result).toEqual(record);
      const promoted = await own.storage.sessions.promoteChildOrGet({
        appId: "public",
        tenantId: "public",
        sessionHandle: record.sessionHandle,
        userId: "u1",
        parentHash2: "h0",
        newHash2: "h1",
        now: Date.now(),
        expiresAt: record.expiresAt,
      });
      expect(promoted.promoted).toBe(true);
      expect(
        await own.storage.passwordless.getDeviceWithCodes("public", "public", "no-such-device"),
      ).toBeUndefined();
    } finally {
      await admin.end().catch(() => {});
      await own.cleanup();
    }
  });

  it("prepares nothing when postgresql_prepared_statements is false (transaction-mode poolers)", async () => {
    for (const preparedStatements of [true, false]) {
      const open = openPostgresql(test.database.config.postgresql_connection_uri!, 1, { preparedStatements });
      const single = createSqlStorage(open);
      try {
        await single.sessions.get("public", "public", "no-such-session");
        const { rows } = await sql<{
          count: number;
        }>`SELECT count(*)::int AS count FROM pg_prepared_statements`.execute(open.db);
        expect(rows[0].count, `preparedStatements: ${preparedStatements}`).toBe(preparedStatements ? 1 : 0);
      } finally {
        await single.close();
      }
    }
  });

  it("runs from the core itself, soon after a new install gets rows", async () => {
    const core = await startTestCore({ engine: "postgresql", statisticsIntervalMs: 100 });
    const probe = new pg.Client({ connectionString: core.core.config.postgresql_connection_uri! });
    try {
      await probe.connect();
      const { storage: coreStorage, now } = core.core.services;
      for (let i = 0; i < 60; i++)
        await coreStorage.sessions.create({
          appId: "public",
          tenantId: "public",
          sessionHandle: randomUUID(),
          userId: `u${i}`,
          refreshTokenHash2: randomUUID(),
          prevRefreshTokenHash2: null,
          refreshTokenRotatedAt: null,
          sessionData: {},
          expiresAt: now() + 60_000,
          createdAt: now(),
          jwtUserPayload: {},
          useStaticKey: false,
        });
      await vi.waitFor(
        async () => {
          const { rows } = await probe.query(
            "SELECT last_analyze IS NOT NULL AS done FROM pg_stat_user_tables WHERE relname = 'session_info'",
          );
          expect(rows[0].done).toBe(true);
        },
        // Up to ~10 s for an idle backend's counts to reach pg_stat_user_tables (see above).
        { timeout: 25_000, interval: 100 },
      );
    } finally {
      await probe.end().catch(() => {});
      await core.close();
    }
  }, 60_000);
});
