/**
 * Migration 3: a refresh rewrites no indexed column of session_info, so on PostgreSQL it is a
 * heap-only (HOT) update that writes no index entry; and the hourly cleanup still finds the
 * expired sessions without the dropped expires_at index.
 */
import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openPostgresql } from "../../src/storage/sql/database";
import { SESSION_INFO_FILLFACTOR } from "../../src/storage/sql/migrations";
import type { Database } from "../../src/storage/sql/schema";
import { createSqlStorage } from "../../src/storage/sql/sql-storage";
import { testEngines, useTestStorage } from "../support/databases";
import { DAY, NOW, sessionRecord as session } from "../support/records";

describe.each(testEngines())("session_info indexes on %s", (engine) => {
  const context = useTestStorage(engine);

  it("indexes only the primary key and (app_id, user_id): no column a refresh writes", async () => {
    const database = context.test.database;
    let names: string[];
    if (engine === "postgresql") {
      const client = new pg.Client({ connectionString: database.config.postgresql_connection_uri! });
      await client.connect();
      try {
        const { rows } = await client.query(
          "SELECT indexdef FROM pg_indexes WHERE tablename = 'session_info' ORDER BY indexname",
        );
        names = rows.map((row) => String(row.indexdef).replace(/^.* USING btree /, ""));
      } finally {
        await client.end();
      }
    } else {
      const Sqlite = (await import("better-sqlite3")).default;
      const file = new Sqlite(database.config.sqlite_path!, { readonly: true });
      try {
        names = (
          file
            .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'session_info'")
            .all() as Array<{ sql: string | null }>
        )
          // The primary key's automatic index has no SQL text.
          .map((row) => (row.sql === null ? "(primary key)" : row.sql.replace(/^.* ON session_info /, "")));
      } finally {
        file.close();
      }
    }
    expect(names.sort()).toEqual(
      engine === "postgresql"
        ? ["(app_id, tenant_id, session_handle)", "(app_id, user_id)"]
        : ["(app_id, user_id)", "(primary key)"],
    );
  });

  it("the cleanup still deletes exactly the expired sessions", async () => {
    const { storage } = context;
    const live = session();
    const expired = { ...session(), expiresAt: NOW - 1 };
    await storage.sessions.create(live);
    await storage.sessions.create(expired);
    expect(await storage.sessions.deleteExpired(NOW)).toBe(1);
    expect(await storage.sessions.get("public", "public", expired.sessionHandle)).toBeUndefined();
    expect(await storage.sessions.get("public", "public", live.sessionHandle)).toEqual(live);
  });
});

describe.runIf(testEngines().includes("postgresql"))("refresh updates on postgresql", () => {
  const context = useTestStorage("postgresql");

  it(`leaves ${100 - SESSION_INFO_FILLFACTOR} % of each page free for updates`, async () => {
    const client = new pg.Client({
      connectionString: context.test.database.config.postgresql_connection_uri!,
    });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT reloptions AS options FROM pg_class WHERE relname = 'session_info'",
      );
      expect(rows[0].options).toContain(`fillfactor=${SESSION_INFO_FILLFACTOR}`);
    } finally {
      await client.end();
    }
  });

  it("are heap-only: promotions write no index entry", async () => {
    // One connection, so this test can make its backend flush its table counts on demand.
    const open = openPostgresql(context.test.database.config.postgresql_connection_uri!, 1);
    const single = createSqlStorage(open);
    try {
      const records = Array.from({ length: 60 }, session);
      for (const record of records) await single.sessions.create(record);
      const before = await updateCounts(open.db);

      let promotions = 0;
      for (let round = 0; round < 3; round++) {
        for (const record of records) {
          const newHash2 = "hash2-" + randomUUID();
          const answer = await single.sessions.promoteChildOrGet({
            appId: "public",
            tenantId: "public",
            sessionHandle: record.sessionHandle,
            userId: record.userId,
            parentHash2: record.refreshTokenHash2,
            newHash2,
            now: NOW + round,
            expiresAt: NOW + (200 + round) * DAY,
          });
          expect(answer?.promoted).toBe(true);
          record.refreshTokenHash2 = newHash2;
          promotions++;
        }
      }
      const after = await updateCounts(open.db, before.updated + promotions);
      expect(after.updated - before.updated).toBe(promotions);
      // Before migration 3 none of these was heap-only (expires_at was indexed). Pruning of the
      // dead versions is opportunistic, so allow a few updates that found their page full.
      expect(after.hot - before.hot).toBeGreaterThanOrEqual(Math.floor(promotions * 0.9));
    } finally {
      await single.close();
    }
  });
});

/**
 * session_info's update counters, after making the storage's only backend flush its pending
 * counts (PostgreSQL 15 otherwise flushes an idle backend's counts up to 10 s later). Waits until
 * `atLeast` updates are visible.
 */
async function updateCounts(db: Kysely<Database>, atLeast = 0): Promise<{ updated: number; hot: number }> {
  await sql`SELECT pg_stat_force_next_flush()`.execute(db);
  for (let attempt = 0; ; attempt++) {
    await sql`SELECT pg_stat_clear_snapshot()`.execute(db);
    const { rows } = await sql<{ updated: string; hot: string }>`
      SELECT n_tup_upd AS updated, n_tup_hot_upd AS hot
      FROM pg_stat_user_tables WHERE relname = 'session_info'`.execute(db);
    const counts = { updated: Number(rows[0].updated), hot: Number(rows[0].hot) };
    if (counts.updated >= atLeast || attempt >= 100) return counts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
