/**
 * Creates apps and tenants straight in a test database. Tenant management is the
 * multitenancy recipe's job; these tests only need tenants to exist.
 */
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import type { CoreConfig } from "../../../src/config";

export async function addTenant(config: CoreConfig, appId: string, tenantId: string): Promise<void> {
  const now = Date.now();
  const statements = [
    ["INSERT INTO apps (app_id, created_at_time) VALUES ($1, $2) ON CONFLICT DO NOTHING", [appId, now]],
    [
      "INSERT INTO tenants (app_id, tenant_id, created_at_time) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      [appId, tenantId, now],
    ],
  ] as const;
  if (config.postgresql_connection_uri !== null) {
    const client = new pg.Client({ connectionString: config.postgresql_connection_uri });
    await client.connect();
    try {
      for (const [sql, params] of statements) await client.query(sql, [...params]);
    } finally {
      await client.end();
    }
    return;
  }
  const database = new BetterSqlite3(config.sqlite_path);
  try {
    database.pragma("busy_timeout = 5000");
    for (const [sql, params] of statements) database.prepare(sql.replace(/\$\d/g, "?")).run(...params);
  } finally {
    database.close();
  }
}
