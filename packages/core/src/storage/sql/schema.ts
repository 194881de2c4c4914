/**
 * Kysely's view of the tables (docs/protocol/cdi.md §6 layout). Every timestamp is milliseconds since
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

/** One row per recipe user of an app (docs/protocol/cdi.md §6): the cheap "does this id exist?" read. */
export interface AppIdToUserIdTable {
  app_id: string;
  user_id: string;
  recipe_id: string;
  primary_or_recipe_user_id: string;
  is_linked_or_is_a_primary_user: number;
  time_joined: number;
  primary_or_recipe_user_time_joined: number;
}

/** One row per (tenant, recipe user): tenant membership and user pagination. */
export interface AllAuthRecipeUsersTable {
  app_id: string;
  tenant_id: string;
  user_id: string;
  primary_or_recipe_user_id: string;
  is_linked_or_is_a_primary_user: number;
  recipe_id: string;
  time_joined: number;
  primary_or_recipe_user_time_joined: number;
}

export interface PasswordlessUsersTable {
  app_id: string;
  user_id: string;
  /** Normalised (trimmed, lower-cased). */
  email: string | null;
  /** E.164. */
  phone_number: string | null;
  time_joined: number;
}

/** The per-tenant copy of a passwordless user's email/phone whose UNIQUE keys make sign-up race-safe. */
export interface PasswordlessUserToTenantTable {
  app_id: string;
  tenant_id: string;
  user_id: string;
  email: string | null;
  phone_number: string | null;
}

export interface PasswordlessDevicesTable {
  app_id: string;
  tenant_id: string;
  /** = preAuthSessionId: base64url-nopad(sha256(deviceIdBytes)). The deviceId itself is never stored. */
  device_id_hash: string;
  email: string | null;
  phone_number: string | null;
  /** std-base64 of 32 random bytes, the HMAC key's second half. */
  link_code_salt: string;
  failed_attempts: number;
}

export interface PasswordlessCodesTable {
  app_id: string;
  tenant_id: string;
  code_id: string;
  device_id_hash: string;
  /** base64url-nopad(sha256(linkCode)); neither the linkCode nor the userInputCode is stored. */
  link_code_hash: string;
  created_at: number;
}

export interface EmailVerificationVerifiedEmailsTable {
  app_id: string;
  user_id: string;
  email: string;
}

export interface Database {
  apps: AppsTable;
  tenants: TenantsTable;
  key_value: KeyValueTable;
  session_info: SessionInfoTable;
  session_access_token_signing_keys: SessionAccessTokenSigningKeysTable;
  jwt_signing_keys: JwtSigningKeysTable;
  app_id_to_user_id: AppIdToUserIdTable;
  all_auth_recipe_users: AllAuthRecipeUsersTable;
  passwordless_users: PasswordlessUsersTable;
  passwordless_user_to_tenant: PasswordlessUserToTenantTable;
  passwordless_devices: PasswordlessDevicesTable;
  passwordless_codes: PasswordlessCodesTable;
  emailverification_verified_emails: EmailVerificationVerifiedEmailsTable;
}
