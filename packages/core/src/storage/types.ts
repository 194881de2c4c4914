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

  keyValue: KeyValueStore;
  signingKeys: SigningKeyStore;
  sessions: SessionStore;
  tenants: TenantStore;
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
  /** Deletes the tenant and (ON DELETE CASCADE) every row scoped to it; false when it did not exist. */
  delete(appId: string, tenantId: string): Promise<boolean>;
}
