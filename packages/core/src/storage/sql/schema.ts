/**
 * Kysely's view of the tables (CDI-NOTES §6 layout). Every timestamp is milliseconds since
 * the epoch stored as BIGINT (PostgreSQL) / INTEGER (SQLite) and read back as a JS number.
 * Booleans are stored as 0/1 integers in both engines so one set of queries serves both.
 */
export interface AppsTable {
  app_id: string;
  created_at_time: number;
}

export interface TenantsTable {
  app_id: string;
  tenant_id: string;
  created_at_time: number;
}

export interface KeyValueTable {
  app_id: string;
  tenant_id: string;
  name: string;
  value: string;
  created_at_time: number;
}

export interface SessionInfoTable {
  app_id: string;
  tenant_id: string;
  session_handle: string;
  /** The recipe user id the session was created for. */
  user_id: string;
  /** sha256hex(sha256hex(refreshToken)) of the session's current refresh token. */
  refresh_token_hash_2: string;
  /** hash_2 that was current before the last promotion; drives the reuse grace window. */
  prev_refresh_token_hash_2: string | null;
  /** When `refresh_token_hash_2` last changed (ms); the grace window counts from here. */
  refresh_token_rotated_at: number | null;
  /** JSON text of userDataInDatabase. */
  session_data: string;
  expires_at: number;
  created_at_time: number;
  /** JSON text of userDataInJWT (custom claims only). */
  jwt_user_payload: string;
  use_static_key: number;
}

export interface SessionAccessTokenSigningKeysTable {
  app_id: string;
  created_at_time: number;
  /** `base64(SPKI public)|base64(PKCS8 private)`. */
  value: string;
}

export interface JwtSigningKeysTable {
  app_id: string;
  key_id: string;
  key_string: string;
  algorithm: string;
  created_at: number;
}

export interface Database {
  apps: AppsTable;
  tenants: TenantsTable;
  key_value: KeyValueTable;
  session_info: SessionInfoTable;
  session_access_token_signing_keys: SessionAccessTokenSigningKeysTable;
  jwt_signing_keys: JwtSigningKeysTable;
}
