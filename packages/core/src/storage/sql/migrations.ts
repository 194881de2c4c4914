import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema";

/**
 * Versioned schema migrations. Each version is applied once, in order, inside one
 * transaction together with its row in `schema_migrations`, so a crash leaves either the old
 * or the new schema. DDL is written per engine where the types differ (BIGINT vs INTEGER);
 * the queries that use the tables are shared through kysely.
 *
 * Concurrency: several processes may call `migrate()` at once (replicas starting together,
 * the CLI beside a running core).
 * - PostgreSQL: `pg_advisory_xact_lock` serialises them; the lock ends with the transaction.
 * - SQLite: the transaction is `BEGIN IMMEDIATE` (see sqlite-dialect.ts), i.e. holds the
 *   write lock from its first statement; the others wait on busy_timeout.
 * The later process then finds every version recorded and does nothing.
 */
interface Migration {
  version: number;
  name: string;
  postgresql: string[];
  sqlite: string[];
}

/** Arbitrary constant ("portcull" in ASCII) naming our advisory lock in PostgreSQL. */
const MIGRATION_LOCK_KEY = "8028075772226268268";

/**
 * Column types per engine. Timestamps are milliseconds (BIGINT); SQLite's INTEGER is 64-bit.
 * Booleans are 0/1 integers in both, so queries need no per-engine conversion.
 */
const TYPES = {
  postgresql: { ms: "BIGINT", flag: "SMALLINT", text: "TEXT", id: (n: number) => `VARCHAR(${n})` },
  sqlite: { ms: "INTEGER", flag: "INTEGER", text: "TEXT", id: (_n: number) => "TEXT" },
};

function initialSchema(engine: "postgresql" | "sqlite"): string[] {
  const t = TYPES[engine];
  return [
    `CREATE TABLE apps (
      app_id ${t.id(64)} NOT NULL PRIMARY KEY,
      created_at_time ${t.ms} NOT NULL
    )`,
    `CREATE TABLE tenants (
      app_id ${t.id(64)} NOT NULL,
      tenant_id ${t.id(64)} NOT NULL,
      created_at_time ${t.ms} NOT NULL,
      PRIMARY KEY (app_id, tenant_id),
      FOREIGN KEY (app_id) REFERENCES apps (app_id) ON DELETE CASCADE
    )`,
    `CREATE TABLE key_value (
      app_id ${t.id(64)} NOT NULL,
      tenant_id ${t.id(64)} NOT NULL,
      name ${t.id(128)} NOT NULL,
      value ${t.text} NOT NULL,
      created_at_time ${t.ms} NOT NULL,
      PRIMARY KEY (app_id, tenant_id, name),
      FOREIGN KEY (app_id, tenant_id) REFERENCES tenants (app_id, tenant_id) ON DELETE CASCADE
    )`,
    `CREATE TABLE session_info (
      app_id ${t.id(64)} NOT NULL,
      tenant_id ${t.id(64)} NOT NULL,
      session_handle ${t.id(255)} NOT NULL,
      user_id ${t.id(128)} NOT NULL,
      refresh_token_hash_2 ${t.id(128)} NOT NULL,
      prev_refresh_token_hash_2 ${t.id(128)},
      refresh_token_rotated_at ${t.ms},
      session_data ${t.text} NOT NULL,
      expires_at ${t.ms} NOT NULL,
      created_at_time ${t.ms} NOT NULL,
      jwt_user_payload ${t.text} NOT NULL,
      use_static_key ${t.flag} NOT NULL,
      PRIMARY KEY (app_id, tenant_id, session_handle),
      FOREIGN KEY (app_id, tenant_id) REFERENCES tenants (app_id, tenant_id) ON DELETE CASCADE
    )`,
    // Sign-out everywhere, "sessions of user" and account linking look sessions up by user.
    `CREATE INDEX session_info_user_id_index ON session_info (app_id, user_id)`,
    // The periodic cleanup of expired sessions. Dropped again by version 3 (see there).
    `CREATE INDEX session_info_expires_at_index ON session_info (expires_at)`,
    // The PRIMARY KEY makes two replicas that create a key in the same millisecond end with one.
    `CREATE TABLE session_access_token_signing_keys (
      app_id ${t.id(64)} NOT NULL,
      created_at_time ${t.ms} NOT NULL,
      value ${t.text} NOT NULL,
      PRIMARY KEY (app_id, created_at_time),
      FOREIGN KEY (app_id) REFERENCES apps (app_id) ON DELETE CASCADE
    )`,
    // UNIQUE (app_id, algorithm): one static key per app and algorithm, whoever creates it first.
    `CREATE TABLE jwt_signing_keys (
      app_id ${t.id(64)} NOT NULL,
      key_id ${t.id(255)} NOT NULL,
      key_string ${t.text} NOT NULL,
      algorithm ${t.id(10)} NOT NULL,
      created_at ${t.ms} NOT NULL,
      PRIMARY KEY (app_id, key_id),
      UNIQUE (app_id, algorithm),
      FOREIGN KEY (app_id) REFERENCES apps (app_id) ON DELETE CASCADE
    )`,
  ];
}

/**
 * Users, passwordless and verified emails (docs/protocol/cdi.md §6). Every uniqueness rule of sign-up is
 * a key here, so two replicas racing to create the same user end with one.
 */
function usersAndPasswordless(engine: "postgresql" | "sqlite"): string[] {
  const t = TYPES[engine];
  return [
    `CREATE TABLE app_id_to_user_id (
      app_id ${t.id(64)} NOT NULL,
      user_id ${t.id(128)} NOT NULL,
      recipe_id ${t.id(128)} NOT NULL,
      primary_or_recipe_user_id ${t.id(128)} NOT NULL,
      is_linked_or_is_a_primary_user ${t.flag} NOT NULL DEFAULT 0,
      time_joined ${t.ms} NOT NULL,
      primary_or_recipe_user_time_joined ${t.ms} NOT NULL,
      PRIMARY KEY (app_id, user_id),
      FOREIGN KEY (app_id) REFERENCES apps (app_id) ON DELETE CASCADE
    )`,
    // A user with its linked recipe users (account linking) is found through its primary id.
    `CREATE INDEX app_id_to_user_id_primary_user_id_index
      ON app_id_to_user_id (app_id, primary_or_recipe_user_id)`,
    `CREATE TABLE all_auth_recipe_users (
      app_id ${t.id(64)} NOT NULL,
      tenant_id ${t.id(64)} NOT NULL,
      user_id ${t.id(128)} NOT NULL,
      primary_or_recipe_user_id ${t.id(128)} NOT NULL,
      is_linked_or_is_a_primary_user ${t.flag} NOT NULL DEFAULT 0,
      recipe_id ${t.id(128)} NOT NULL,
      time_joined ${t.ms} NOT NULL,
      primary_or_recipe_user_time_joined ${t.ms} NOT NULL,
      PRIMARY KEY (app_id, tenant_id, user_id),
      FOREIGN KEY (app_id, tenant_id) REFERENCES tenants (app_id, tenant_id) ON DELETE CASCADE,
      FOREIGN KEY (app_id, user_id) REFERENCES app_id_to_user_id (app_id, user_id) ON DELETE CASCADE
    )`,
    // GET /<t>/users: keyset pagination by (time joined, id) inside one tenant.
    `CREATE INDEX all_auth_recipe_users_pagination_index ON all_auth_recipe_users
      (app_id, tenant_id, primary_or_recipe_user_time_joined, primary_or_recipe_user_id)`,
    // A user's tenants (the user object's tenantIds) and deletes by user.
    `CREATE INDEX all_auth_recipe_users_user_id_index ON all_auth_recipe_users (app_id, user_id)`,
    `CREATE TABLE passwordless_users (
      app_id ${t.id(64)} NOT NULL,
      user_id ${t.id(128)} NOT NULL,
      email ${t.id(256)},
      phone_number ${t.id(256)},
      time_joined ${t.ms} NOT NULL,
      PRIMARY KEY (app_id, user_id),
      FOREIGN KEY (app_id, user_id) REFERENCES app_id_to_user_id (app_id, user_id) ON DELETE CASCADE
    )`,
    // UNIQUE keys: one passwordless user per email and per phone number in a tenant, even when
    // two sign-ups race (NULLs are distinct in both engines, so phone-only users do not clash).
    `CREATE TABLE passwordless_user_to_tenant (
      app_id ${t.id(64)} NOT NULL,
      tenant_id ${t.id(64)} NOT NULL,
      user_id ${t.id(128)} NOT NULL,
      email ${t.id(256)},
      phone_number ${t.id(256)},
      PRIMARY KEY (app_id, tenant_id, user_id),
      CONSTRAINT passwordless_user_to_tenant_email_key UNIQUE (app_id, tenant_id, email),
      CONSTRAINT passwordless_user_to_tenant_phone_number_key UNIQUE (app_id, tenant_id, phone_number),
      FOREIGN KEY (app_id, tenant_id, user_id)
        REFERENCES all_auth_recipe_users (app_id, tenant_id, user_id) ON DELETE CASCADE
    )`,
    `CREATE TABLE passwordless_devices (
      app_id ${t.id(64)} NOT NULL,
      tenant_id ${t.id(64)} NOT NULL,
      device_id_hash ${t.id(44)} NOT NULL,
      email ${t.id(256)},
      phone_number ${t.id(256)},
      link_code_salt ${t.id(44)} NOT NULL,
      failed_attempts INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (app_id, tenant_id, device_id_hash),
      FOREIGN KEY (app_id, tenant_id) REFERENCES tenants (app_id, tenant_id) ON DELETE CASCADE
    )`,
    // Listing and clearing the devices of an email or phone number (consume, codes/remove).
    `CREATE INDEX passwordless_devices_email_index ON passwordless_devices (app_id, tenant_id, email)`,
    `CREATE INDEX passwordless_devices_phone_number_index
      ON passwordless_devices (app_id, tenant_id, phone_number)`,
    // UNIQUE link_code_hash per tenant: a link code (or a custom userInputCode on one device)
    // names at most one code.
    `CREATE TABLE passwordless_codes (
      app_id ${t.id(64)} NOT NULL,
      tenant_id ${t.id(64)} NOT NULL,
      code_id ${t.id(36)} NOT NULL,
      device_id_hash ${t.id(44)} NOT NULL,
      link_code_hash ${t.id(44)} NOT NULL,
      created_at ${t.ms} NOT NULL,
      PRIMARY KEY (app_id, tenant_id, code_id),
      CONSTRAINT passwordless_codes_link_code_hash_key UNIQUE (app_id, tenant_id, link_code_hash),
      FOREIGN KEY (app_id, tenant_id, device_id_hash)
        REFERENCES passwordless_devices (app_id, tenant_id, device_id_hash) ON DELETE CASCADE
    )`,
    `CREATE INDEX passwordless_codes_device_id_hash_index
      ON passwordless_codes (app_id, tenant_id, device_id_hash)`,
    // The periodic cleanup of expired codes.
    `CREATE INDEX passwordless_codes_created_at_index ON passwordless_codes (created_at)`,
    // Not tied to app_id_to_user_id: emails may be verified for ids no recipe here created.
    `CREATE TABLE emailverification_verified_emails (
      app_id ${t.id(64)} NOT NULL,
      user_id ${t.id(128)} NOT NULL,
      email ${t.id(256)} NOT NULL,
      PRIMARY KEY (app_id, user_id, email),
      FOREIGN KEY (app_id) REFERENCES apps (app_id) ON DELETE CASCADE
    )`,
  ];
}

/** Percent of each session_info page filled by inserts; the rest is kept for refreshes' updates. */
export const SESSION_INFO_FILLFACTOR = 80;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "initial schema",
    postgresql: initialSchema("postgresql"),
    sqlite: initialSchema("sqlite"),
  },
  {
    version: 2,
    name: "users, passwordless, verified emails",
    postgresql: usersAndPasswordless("postgresql"),
    sqlite: usersAndPasswordless("sqlite"),
  },
  {
    // Every refresh rewrites refresh_token_hash_2, prev_refresh_token_hash_2,
    // refresh_token_rotated_at and expires_at. With an index on expires_at, PostgreSQL had to
    // write a new entry into all three of the table's indexes on every refresh; with no indexed
    // column changing and room left on the page (fillfactor), the update is a heap-only (HOT)
    // update that touches no index. Measured on the refresh benchmark: ~300–370 µs of
    // PostgreSQL CPU per refresh before, ~205–240 µs after. The hourly cleanup of expired
    // sessions reads the table sequentially instead, once an hour.
    version: 3,
    name: "session_info: heap-only updates on refresh",
    postgresql: [
      `DROP INDEX IF EXISTS session_info_expires_at_index`,
      `ALTER TABLE session_info SET (fillfactor = ${SESSION_INFO_FILLFACTOR})`,
    ],
    // SQLite has no HOT updates, but every refresh also stops rewriting the index's b-tree.
    sqlite: [`DROP INDEX IF EXISTS session_info_expires_at_index`],
  },
];

/** The default app and tenant every install has (docs/protocol/cdi.md §2: `public`). */
async function insertDefaults(trx: Transaction<Database>, now: number): Promise<void> {
  await trx
    .insertInto("apps")
    .values({ app_id: "public", created_at_time: now })
    .onConflict((oc) => oc.column("app_id").doNothing())
    .execute();
  await trx
    .insertInto("tenants")
    .values({ app_id: "public", tenant_id: "public", created_at_time: now })
    .onConflict((oc) => oc.columns(["app_id", "tenant_id"]).doNothing())
    .execute();
}

/** Applies pending migrations; returns the versions it applied (empty when up to date). */
export async function migrate(
  db: Kysely<Database>,
  engine: "postgresql" | "sqlite",
  now: () => number = Date.now,
): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    if (engine === "postgresql") {
      await sql`SELECT pg_advisory_xact_lock(${sql.raw(MIGRATION_LOCK_KEY)})`.execute(trx);
    }
    await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER NOT NULL PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at ${sql.raw(TYPES[engine].ms)} NOT NULL
    )`.execute(trx);
    const applied = await sql<{ version: number }>`SELECT version FROM schema_migrations`.execute(trx);
    const done = new Set(applied.rows.map((row) => Number(row.version)));
    const newlyApplied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      for (const statement of migration[engine]) {
        await sql.raw(statement).execute(trx);
      }
      await sql`INSERT INTO schema_migrations (version, name, applied_at)
        VALUES (${migration.version}, ${migration.name}, ${now()})`.execute(trx);
      newlyApplied.push(migration.version);
    }
    await insertDefaults(trx, now());
    return newlyApplied;
  });
}

/** Versions recorded in `schema_migrations`, ascending (for the CLI and tests). */
export async function appliedMigrations(db: Kysely<Database>): Promise<number[]> {
  const result = await sql<{
    version: number;
  }>`SELECT version FROM schema_migrations ORDER BY version`.execute(db);
  return result.rows.map((row) => Number(row.version));
}
