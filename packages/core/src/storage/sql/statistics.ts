import { sql, type Kysely } from "kysely";
import type { Database } from "./schema";

/** Every table of `Database`; the type below fails to compile when one is missing. */
export const CORE_TABLES = [
  "apps",
  "tenants",
  "key_value",
  "session_info",
  "session_access_token_signing_keys",
  "jwt_signing_keys",
  "app_id_to_user_id",
  "all_auth_recipe_users",
  "passwordless_users",
  "passwordless_user_to_tenant",
  "passwordless_devices",
  "passwordless_codes",
  "emailverification_verified_emails",
] as const satisfies readonly (keyof Database)[];
type Unlisted = Exclude<keyof Database, (typeof CORE_TABLES)[number]>;
export const EVERY_TABLE_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;

/**
 * First statistics for tables PostgreSQL has never analyzed (PostgreSQL only).
 *
 * Without statistics the planner cannot tell an index on `(app_id, user_id)` from one on
 * `(app_id, primary_or_recipe_user_id)`: every index sharing the leading `app_id` looks as good
 * as the primary key, and it may pick one that reads every row of the app. Seen here on a fresh
 * database under load: the foreign-key check behind each new user
 * (`SELECT 1 FROM app_id_to_user_id … FOR KEY SHARE`) went through the primary-user index and
 * filtered out 1,500 rows, and consume's device read joined every user of the tenant, so each
 * sign-in cost more than the one before. Autovacuum analyzes a table only after ~50 changed rows
 * *and* its next round (up to a minute), so a new install taking traffic at once runs without
 * statistics. Once a table has them, autovacuum keeps them current and this leaves it alone.
 *
 * Returns the tables it analyzed. Several core processes may run it at once: ANALYZE is safe
 * to repeat.
 */
export async function analyzeNewTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ relname: string }>`
    SELECT relname FROM pg_stat_user_tables
    WHERE schemaname = current_schema()
      AND last_analyze IS NULL AND last_autoanalyze IS NULL
      AND n_mod_since_analyze > 0`.execute(db);
  const ours = rows
    .map((row) => row.relname)
    .filter((name) => (CORE_TABLES as readonly string[]).includes(name));
  for (const table of ours) await sql`ANALYZE ${sql.table(table)}`.execute(db);
  return ours;
}
