/**
 * The anchor every core figure is compared with: single-row UPDATE round trips per second
 * through the same driver and pool size the core uses, on the same machine, in the same run.
 * A refresh that rotates a token does one indexed read and at most one write, so this is
 * roughly the ceiling the storage layer allows.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { Pool } from "pg";
import { percentile } from "./load";

export interface LimitResult {
  name: string;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Same concurrency as the HTTP load; the pool caps how many UPDATEs are in flight at once. */
export async function postgresUpdateLimit(input: {
  connectionString: string;
  poolSize: number;
  concurrency: number;
  requests: number;
  rows: number;
  maxSeconds: number;
}): Promise<LimitResult> {
  const pool = new Pool({ connectionString: input.connectionString, max: input.poolSize });
  // An idle client whose server connection ends would otherwise crash the bench.
  pool.on("error", (error) => console.error(`physical-limit pool: ${error.message}`));
  try {
    await pool.query(
      "CREATE TABLE IF NOT EXISTS bench_physical_limit (id INTEGER PRIMARY KEY, refresh_token_hash_2 VARCHAR(128) NOT NULL, expires_at BIGINT NOT NULL)",
    );
    await pool.query(
      "INSERT INTO bench_physical_limit SELECT g, md5(g::text), 0 FROM generate_series(1, $1) g ON CONFLICT DO NOTHING",
      [input.rows],
    );
    const latencies = new Float64Array(input.requests);
    let issued = 0;
    let completed = 0;
    const started = performance.now();
    const deadline = started + input.maxSeconds * 1000;
    await Promise.all(
      Array.from({ length: input.concurrency }, async () => {
        while (issued < input.requests && performance.now() < deadline) {
          const i = issued++;
          const sent = performance.now();
          await pool.query(
            "UPDATE bench_physical_limit SET refresh_token_hash_2 = $1, expires_at = $2 WHERE id = $3",
            [`h${i}`, Date.now(), (i % input.rows) + 1],
          );
          latencies[completed++] = performance.now() - sent;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const sorted = latencies.slice(0, completed).sort();
    return {
      name: `UPDATE 1 row (pg Pool max ${input.poolSize}, ${input.concurrency} callers)`,
      requests: completed,
      seconds,
      perSecond: completed / seconds,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
    };
  } finally {
    await pool.query("DROP TABLE IF EXISTS bench_physical_limit").catch(() => undefined);
    await pool.end();
  }
}

/**
 * better-sqlite3 is synchronous: one connection, one statement at a time, which is also how
 * the core's embedded SQLite works. Pragmas mirror the core's file settings.
 */
export function sqliteUpdateLimit(input: {
  directory: string;
  pragmas: string[];
  requests: number;
  rows: number;
  maxSeconds: number;
}): LimitResult {
  const file = path.join(input.directory, "physical-limit.db");
  const db = new Database(file);
  try {
    for (const pragma of input.pragmas) db.pragma(pragma);
    db.exec(
      "CREATE TABLE bench_physical_limit (id INTEGER PRIMARY KEY, refresh_token_hash_2 TEXT NOT NULL, expires_at INTEGER NOT NULL)",
    );
    const insert = db.prepare("INSERT INTO bench_physical_limit VALUES (?, ?, 0)");
    db.transaction(() => {
      for (let id = 1; id <= input.rows; id++) insert.run(id, `h${id}`);
    })();
    const update = db.prepare(
      "UPDATE bench_physical_limit SET refresh_token_hash_2 = ?, expires_at = ? WHERE id = ?",
    );
    const latencies = new Float64Array(input.requests);
    let completed = 0;
    const started = performance.now();
    const deadline = started + input.maxSeconds * 1000;
    while (completed < input.requests && performance.now() < deadline) {
      const sent = performance.now();
      update.run(`h${completed}`, Date.now(), (completed % input.rows) + 1);
      latencies[completed++] = performance.now() - sent;
    }
    const seconds = (performance.now() - started) / 1000;
    const sorted = latencies.slice(0, completed).sort();
    return {
      name: `UPDATE 1 row (better-sqlite3, ${input.pragmas.join(", ") || "default pragmas"})`,
      requests: completed,
      seconds,
      perSecond: completed / seconds,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
    };
  } finally {
    db.close();
  }
}
