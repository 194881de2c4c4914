import { openPostgresql, openSqlite } from "./sql/database";
import { createSqlStorage } from "./sql/sql-storage";
import type { Storage } from "./types";

export { POSTGRESQL_POOL_SIZE } from "./sql/database";
export { DuplicateKeyError } from "./types";
export { databaseUnavailableReason } from "./unavailable";
export type {
  DynamicSigningKeyRecord,
  LoginMethodRecord,
  PasswordlessCodeRecord,
  PasswordlessDeviceRecord,
  PasswordlessStore,
  PasswordlessUserRecord,
  UserListQuery,
  UserRecord,
  UserStore,
  VerifiedEmailStore,
  KeyValueStore,
  SessionRecord,
  SessionStore,
  SigningKeyStore,
  StaticSigningKeyRecord,
  Storage,
  TenantStore,
} from "./types";

export interface StorageOptions {
  /** `postgresql://…`; when null, the embedded SQLite file below is used. */
  postgresqlConnectionUri: string | null;
  /** Path of the SQLite file (parent folders are created), or `:memory:`. */
  sqlitePath: string;
  /** Connections per process to PostgreSQL (default POSTGRESQL_POOL_SIZE = 10). */
  postgresqlPoolSize?: number;
  /** Per-request statements as named prepared statements (default true; prepared.ts). */
  postgresqlPreparedStatements?: boolean;
}

/**
 * PostgreSQL when a connection URI is given, else the embedded SQLite file. Nothing is
 * created until `migrate()` runs (the core calls it at start; the CLI has `migrate`).
 */
export function createStorage(options: StorageOptions): Storage {
  const open =
    options.postgresqlConnectionUri !== null
      ? openPostgresql(options.postgresqlConnectionUri, options.postgresqlPoolSize, {
          preparedStatements: options.postgresqlPreparedStatements ?? true,
        })
      : openSqlite(options.sqlitePath);
  return createSqlStorage(open);
}
