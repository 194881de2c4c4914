/**
 * The one storage contract of the core. Recipes depend on this interface only; the SQL
 * implementation (`storage/sql`) serves both PostgreSQL and the embedded SQLite file.
 *
 * Rules every implementation keeps:
 * - uniqueness is enforced by database constraints, never by in-process locks;
 * - a method that writes several rows does it in one transaction;
 * - `transaction(fn)` gives `fn` a Storage bound to one transaction; nested calls reuse it.
 *   Inside `fn` use only that `tx`: on SQLite the root Storage (and anything holding it, such
 *   as the SigningKeyService) waits until the transaction ends, so using it inside would hang.
 */
export interface Storage {
  readonly engine: "sqlite" | "postgresql";
  /** Human-readable location for logs, without credentials, e.g. `sqlite:./auth.db`. */
  readonly description: string;

  /** Applies pending migrations; safe to call on every start and from several processes. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  transaction<T>(fn: (tx: Storage) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL: ANALYZE the tables that hold rows but never had planner statistics
   * (statistics.ts says why); returns their names. SQLite: nothing to do, [].
   */
  analyzeNewTables(): Promise<string[]>;

  keyValue: KeyValueStore;
  signingKeys: SigningKeyStore;
  sessions: SessionStore;
  tenants: TenantStore;
  users: UserStore;
  passwordless: PasswordlessStore;
  verifiedEmails: VerifiedEmailStore;
}

/**
 * A storage write broke a UNIQUE key. Thrown out of the transaction (on PostgreSQL the
 * transaction is aborted by then); callers map `key` to a business status.
 */
export class DuplicateKeyError extends Error {
  readonly code = "DUPLICATE_KEY";
  constructor(readonly key: "email" | "phone_number" | "link_code_hash" | "other") {
    super(`Duplicate key (${key})`);
    this.name = "DuplicateKeyError";
  }
}

export interface KeyValueStore {
  get(appId: string, tenantId: string, name: string): Promise<string | undefined>;
  /** Inserts unless a value exists; returns whichever value is stored afterwards (race-safe). */
  getOrInsert(appId: string, tenantId: string, name: string, value: string): Promise<string>;
  set(appId: string, tenantId: string, name: string, value: string): Promise<void>;
}

export interface DynamicSigningKeyRecord {
  createdAt: number;
  /** `base64(SPKI public)|base64(PKCS8 private)` (legacy keys may use `;`). */
  value: string;
}

export interface StaticSigningKeyRecord {
  keyId: string;
  keyString: string;
  algorithm: string;
  createdAt: number;
}

export interface SigningKeyStore {
  /** Newest first. */
  listDynamic(appId: string): Promise<DynamicSigningKeyRecord[]>;
  addDynamic(appId: string, key: DynamicSigningKeyRecord): Promise<void>;
  /**
   * Rotation across replicas: inserts `key` unless a key created at or after `createdSince`
   * already exists (another replica rotated first). Atomic: of replicas racing, one inserts.
   * Returns whether this key was inserted.
   */
  addDynamicUnlessRotated(
    appId: string,
    key: DynamicSigningKeyRecord,
    createdSince: number,
  ): Promise<boolean>;
  deleteDynamicOlderThan(appId: string, createdBefore: number): Promise<void>;
  listStatic(appId: string): Promise<StaticSigningKeyRecord[]>;
  /** Inserts unless the app already has a key for the algorithm; returns the stored one. */
  getOrInsertStatic(appId: string, key: StaticSigningKeyRecord): Promise<StaticSigningKeyRecord>;
}

export interface SessionRecord {
  appId: string;
  tenantId: string;
  sessionHandle: string;
  /** Recipe user id the session was created for. */
  userId: string;
  refreshTokenHash2: string;
  prevRefreshTokenHash2: string | null;
  refreshTokenRotatedAt: number | null;
  sessionData: Record<string, unknown>;
  expiresAt: number;
  createdAt: number;
  jwtUserPayload: Record<string, unknown>;
  useStaticKey: boolean;
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  get(appId: string, tenantId: string, sessionHandle: string): Promise<SessionRecord | undefined>;
  /**
   * Compare-and-set promotion of a child refresh token: succeeds only while the stored
   * `refresh_token_hash_2` still equals `expectedHash2` (two racing promotions: one wins).
   */
  promoteRefreshToken(input: {
    appId: string;
    tenantId: string;
    sessionHandle: string;
    expectedHash2: string;
    newHash2: string;
    /** What `prev_refresh_token_hash_2` becomes; defaults to `expectedHash2` (the token being replaced). */
    prevHash2?: string;
    rotatedAt: number;
    expiresAt: number;
  }): Promise<boolean>;
  /**
   * The refresh hot path in one round trip: promote `newHash2` (a child token) over
   * `parentHash2` when the session still holds the parent as its current token, belongs to
   * `userId` and has not expired at `now`; otherwise change nothing. Either way return the
   * session as it is after the statement (`undefined` when no row exists, expired or not),
   * and whether this call promoted.
   */
  promoteChildOrGet(input: {
    appId: string;
    tenantId: string;
    sessionHandle: string;
    userId: string;
    parentHash2: string;
    newHash2: string;
    now: number;
    expiresAt: number;
  }): Promise<{ record: SessionRecord | undefined; promoted: boolean }>;
  setUseStaticKey(
    appId: string,
    tenantId: string,
    sessionHandle: string,
    useStaticKey: boolean,
  ): Promise<void>;
  /** Returns false when no (unexpired or expired) row exists. */
  updateSessionData(
    appId: string,
    tenantId: string,
    sessionHandle: string,
    data: Record<string, unknown>,
  ): Promise<boolean>;
  updateJwtPayload(
    appId: string,
    tenantId: string,
    sessionHandle: string,
    payload: Record<string, unknown>,
  ): Promise<boolean>;
  /** Deletes the given handles (any tenant of the app); returns the handles that existed. */
  deleteByHandles(
    appId: string,
    sessionHandles: { tenantId: string; sessionHandle: string }[],
  ): Promise<string[]>;
  /** Deletes all sessions of these recipe user ids, in one tenant or (tenantId undefined) all tenants. */
  deleteByUsers(appId: string, tenantId: string | undefined, userIds: string[]): Promise<string[]>;
  /** Unexpired handles of these recipe user ids, in one tenant or all tenants. */
  listHandlesByUsers(
    appId: string,
    tenantId: string | undefined,
    userIds: string[],
    now: number,
  ): Promise<string[]>;
  /** Removes expired rows; returns how many. Run periodically by the core. */
  deleteExpired(now: number): Promise<number>;
}

export interface TenantStore {
  /** The default app `public` with tenant `public` always exists after `migrate()`. */
  exists(appId: string, tenantId: string): Promise<boolean>;
  /** Creates the tenant, and its app when new, in one transaction; false when it already existed. */
  create(appId: string, tenantId: string, now: number): Promise<boolean>;
  /** Tenant ids of the app, in creation order. */
  list(appId: string): Promise<string[]>;
  /** Deletes the tenant and (ON DELETE CASCADE) every row scoped to it; false when it did not exist. */
  delete(appId: string, tenantId: string): Promise<boolean>;
}

/** One way of signing in of a user (docs/protocol/cdi.md §3, the user object's `loginMethods`). */
export interface LoginMethodRecord {
  recipeId: string;
  recipeUserId: string;
  timeJoined: number;
  tenantIds: string[];
  email?: string;
  phoneNumber?: string;
  thirdParty?: { id: string; userId: string };
  /** The (recipe user, email) pair is in emailverification_verified_emails, or phone-only. */
  verified: boolean;
}

export interface UserRecord {
  /** The primary user id (= the recipe user id for an unlinked user). */
  id: string;
  isPrimaryUser: boolean;
  timeJoined: number;
  /** Oldest first. */
  loginMethods: LoginMethodRecord[];
}

export interface UserListQuery {
  appId: string;
  /** undefined: every tenant of the app. */
  tenantId: string | undefined;
  recipeIds?: string[];
  order: "ASC" | "DESC";
  limit: number;
  /** Keyset position: users strictly after this (time joined, id) in `order`. */
  after?: { timeJoined: number; userId: string };
  /** Prefix searches (dashboard filters); a user matches when any prefix matches. */
  emailPrefixes?: string[];
  phonePrefixes?: string[];
  thirdPartyIds?: string[];
}

/** The recipe-neutral user tables: app_id_to_user_id and all_auth_recipe_users. */
export interface UserStore {
  /** The primary (or own) id of a recipe user; one primary-key read. undefined = no such user. */
  primaryUserIdOf(appId: string, userId: string): Promise<string | undefined>;
  /** Users by primary id, with every login method; missing ids are skipped. Order of `ids`. */
  getUsers(appId: string, primaryUserIds: string[]): Promise<UserRecord[]>;
  /** Primary user ids of one page, in order, and whether more follow. */
  listPrimaryUserIds(query: UserListQuery): Promise<{ userId: string; timeJoined: number }[]>;
  countPrimaryUsers(appId: string, tenantId: string | undefined, recipeIds?: string[]): Promise<number>;
  /** Recipe user ids linked to a primary id (itself included). */
  recipeUserIdsOf(appId: string, primaryUserId: string): Promise<string[]>;
  /**
   * Deletes recipe users: their app_id_to_user_id rows and, by cascade, tenant links and
   * recipe rows. Verified emails and sessions are the caller's (same transaction).
   */
  deleteRecipeUsers(appId: string, userIds: string[]): Promise<void>;
}

export interface PasswordlessDeviceRecord {
  appId: string;
  tenantId: string;
  deviceIdHash: string;
  email: string | null;
  phoneNumber: string | null;
  linkCodeSalt: string;
  failedAttempts: number;
}

export interface PasswordlessCodeRecord {
  appId: string;
  tenantId: string;
  codeId: string;
  deviceIdHash: string;
  linkCodeHash: string;
  createdAt: number;
}

export interface PasswordlessUserRecord {
  userId: string;
  email: string | null;
  phoneNumber: string | null;
  timeJoined: number;
}

export interface PasswordlessStore {
  /** Device and first code together; DuplicateKeyError("link_code_hash") when the code exists. */
  createDevice(device: PasswordlessDeviceRecord, code: PasswordlessCodeRecord): Promise<void>;
  /** DuplicateKeyError("link_code_hash") when the code exists; false when the device is gone. */
  createCode(code: PasswordlessCodeRecord): Promise<boolean>;
  getDevice(
    appId: string,
    tenantId: string,
    deviceIdHash: string,
  ): Promise<PasswordlessDeviceRecord | undefined>;
  /**
   * In one read: the device, its codes (oldest first) and the tenant's user of the device's
   * email (or, without email, phone number), if any. undefined when the device is gone.
   */
  getDeviceWithCodes(
    appId: string,
    tenantId: string,
    deviceIdHash: string,
  ): Promise<
    | {
        device: PasswordlessDeviceRecord;
        codes: PasswordlessCodeRecord[];
        user: PasswordlessUserRecord | undefined;
      }
    | undefined
  >;
  listDevicesByEmail(appId: string, tenantId: string, email: string): Promise<PasswordlessDeviceRecord[]>;
  listDevicesByPhoneNumber(
    appId: string,
    tenantId: string,
    phoneNumber: string,
  ): Promise<PasswordlessDeviceRecord[]>;
  /** Oldest first. */
  listCodes(appId: string, tenantId: string, deviceIdHashes: string[]): Promise<PasswordlessCodeRecord[]>;
  getCodeByLinkCodeHash(
    appId: string,
    tenantId: string,
    linkCodeHash: string,
  ): Promise<PasswordlessCodeRecord | undefined>;
  /** Atomic `failed_attempts + 1`; returns the new count, undefined when the device is gone. */
  incrementFailedAttempts(appId: string, tenantId: string, deviceIdHash: string): Promise<number | undefined>;
  /** Returns whether it existed (of two racing deletes, one gets true). */
  deleteDevice(appId: string, tenantId: string, deviceIdHash: string): Promise<boolean>;
  /** Deletes every device of the email / phone number; returns the deleted device hashes. */
  deleteDevicesByEmail(appId: string, tenantId: string, email: string): Promise<string[]>;
  deleteDevicesByPhoneNumber(appId: string, tenantId: string, phoneNumber: string): Promise<string[]>;
  /** Deletes the code, and its device when that was its last code. */
  deleteCode(appId: string, tenantId: string, codeId: string): Promise<void>;
  deleteCodesCreatedBefore(createdBefore: number): Promise<number>;

  getUserByEmail(appId: string, tenantId: string, email: string): Promise<PasswordlessUserRecord | undefined>;
  getUserByPhoneNumber(
    appId: string,
    tenantId: string,
    phoneNumber: string,
  ): Promise<PasswordlessUserRecord | undefined>;
  getUser(appId: string, userId: string): Promise<PasswordlessUserRecord | undefined>;
  /**
   * Consume a device for a new user, atomically: delete every device of the consumed device's
   * email (or, without email, phone number) in the tenant and, only if that deleted
   * `device.deviceIdHash`, write the new unlinked user: app_id_to_user_id,
   * all_auth_recipe_users, the recipe rows and, with an email, its verified email.
   * false (nothing written) when the device was already gone: another request consumed it.
   * DuplicateKeyError on a taken email/phone (nothing written, devices kept).
   */
  consumeDeviceForNewUser(device: PasswordlessDeviceRecord, user: PasswordlessUserRecord): Promise<boolean>;
  /** Sets both fields on the user and its tenant rows; DuplicateKeyError on a taken email/phone. */
  updateUser(
    appId: string,
    userId: string,
    fields: { email: string | null; phoneNumber: string | null },
  ): Promise<void>;
}

export interface VerifiedEmailStore {
  /** Idempotent. */
  markVerified(appId: string, userId: string, email: string): Promise<void>;
  unmarkVerified(appId: string, userId: string, email: string): Promise<void>;
  isVerified(appId: string, userId: string, email: string): Promise<boolean>;
  /** Verified emails of these users, as `${userId}\n${email}` keys. */
  verifiedPairs(appId: string, userIds: string[]): Promise<Set<string>>;
  deleteForUsers(appId: string, userIds: string[]): Promise<void>;
}
