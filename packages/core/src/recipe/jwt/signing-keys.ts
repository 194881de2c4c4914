import { createPrivateKey, createPublicKey, generateKeyPair, randomUUID, type KeyObject } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { CoreConfig } from "../../config";
import type { Storage } from "../../storage/types";
import type { Jwk, SigningKey, SigningKeyService } from "./types";

/**
 * Signing keys, as the SuperTokens core manages them (docs/protocol/cdi.md §5 "Signing keys"):
 *
 * - Dynamic keys (`d-<createdAt>`) rotate every `access_token_dynamic_signing_key_update_interval`
 *   hours. A new key is made when the newest is older than interval − 60 s, and is not used
 *   for signing until it is 60 s old while the previous key is still inside its interval: for
 *   that minute both are published, so JWKS caches learn the new key before tokens use it.
 *   A key stays valid for verification for interval + 2 × access_token_validity (a token
 *   signed at the end of the interval may live one validity, and be refreshed once more).
 * - Static keys (`s-<uuid>`), one per app and algorithm, made lazily and never rotated.
 *
 * The database is the truth; this process only caches parsed KeyObjects. Replicas converge
 * without talking to each other: every choice (which key signs, whether to rotate) is a
 * function of the stored keys and the clock, the cache is re-read at least every
 * KEY_CACHE_TTL_MS (shorter than the 60 s overlap), before any rotation, and when an unknown
 * `kid` shows up.
 */

/** A new dynamic key is published this long before it is used (and made this long before the interval ends). */
export const SIGNING_KEY_OVERLAP_MS = 60_000;
/** Longest the cache may be stale on the signing/verification paths; must stay below the overlap. */
export const KEY_CACHE_TTL_MS = 30_000;
/** JWKS answers re-read storage at most this often: a static key made by another replica shows up fast. */
export const JWKS_CACHE_TTL_MS = 1_000;
/** An unknown `kid` re-reads storage at most this often, so a flood of made-up kids can't hammer it. */
export const UNKNOWN_KID_RELOAD_COOLDOWN_MS = 1_000;

const STATIC_KEY_ALGORITHM = "RS256";

export interface SigningKeyServiceOptions {
  keyCacheTtlMs?: number;
  jwksCacheTtlMs?: number;
  unknownKidReloadCooldownMs?: number;
}

interface ParsedKey extends SigningKey {
  createdAt: number;
  jwk: Jwk;
}

interface AppKeys {
  /** Newest first, unfiltered (expired rows stay until the next rotation deletes them). */
  dynamic: ParsedKey[];
  staticByAlgorithm: Map<string, ParsedKey>;
  byKid: Map<string, ParsedKey>;
  /** performance.now() when read from storage. */
  loadedAt: number;
}

interface AppState {
  keys?: AppKeys;
  loading?: Promise<AppKeys>;
  rotating?: Promise<AppKeys>;
  creatingStatic?: Promise<AppKeys>;
  lastUnknownKidReloadAt?: number;
}

export function createSigningKeyService(
  storage: Storage,
  config: CoreConfig,
  now: () => number,
  options: SigningKeyServiceOptions = {},
): SigningKeyService {
  const keyCacheTtlMs = options.keyCacheTtlMs ?? KEY_CACHE_TTL_MS;
  const jwksCacheTtlMs = options.jwksCacheTtlMs ?? JWKS_CACHE_TTL_MS;
  const unknownKidCooldownMs = options.unknownKidReloadCooldownMs ?? UNKNOWN_KID_RELOAD_COOLDOWN_MS;
  const intervalMs = config.access_token_dynamic_signing_key_update_interval * 3_600_000;
  const keepForVerificationMs = intervalMs + 2 * config.access_token_validity * 1000;

  const apps = new Map<string, AppState>();
  /** Parsed keys by kid, kept across reloads so a reload parses only new rows. */
  const parsedByApp = new Map<string, Map<string, ParsedKey>>();

  function stateOf(appId: string): AppState {
    let state = apps.get(appId);
    if (state === undefined) {
      state = {};
      apps.set(appId, state);
    }
    return state;
  }

  const isUnexpired = (key: ParsedKey, at: number) => at - key.createdAt < keepForVerificationMs;

  function unexpiredDynamic(keys: AppKeys, at: number): ParsedKey[] {
    return keys.dynamic.filter((key) => isUnexpired(key, at));
  }

  function needsNewDynamicKey(keys: AppKeys, at: number): boolean {
    const newest = unexpiredDynamic(keys, at)[0];
    return newest === undefined || at - newest.createdAt > intervalMs - SIGNING_KEY_OVERLAP_MS;
  }

  /** Single-flight read of all of an app's keys. */
  function load(appId: string): Promise<AppKeys> {
    const state = stateOf(appId);
    if (state.loading) return state.loading;
    const loading = (async () => {
      const [dynamicRows, staticRows] = await Promise.all([
        storage.signingKeys.listDynamic(appId),
        storage.signingKeys.listStatic(appId),
      ]);
      const previous = parsedByApp.get(appId) ?? new Map<string, ParsedKey>();
      const byKid = new Map<string, ParsedKey>();
      const parse = (kid: string, createdAt: number, value: string) => {
        const key = previous.get(kid) ?? parseStoredKey(kid, createdAt, value);
        if (key !== undefined) byKid.set(kid, key);
        return key;
      };
      const dynamic: ParsedKey[] = [];
      for (const row of dynamicRows) {
        const key = parse(`d-${row.createdAt}`, row.createdAt, row.value);
        if (key) dynamic.push(key);
      }
      const staticByAlgorithm = new Map<string, ParsedKey>();
      for (const row of staticRows) {
        const key = parse(row.keyId, row.createdAt, row.keyString);
        if (key) staticByAlgorithm.set(row.algorithm, key);
      }
      parsedByApp.set(appId, byKid);
      const keys: AppKeys = { dynamic, staticByAlgorithm, byKid, loadedAt: performance.now() };
      state.keys = keys;
      return keys;
    })();
    state.loading = loading;
    const clear = () => {
      if (state.loading === loading) state.loading = undefined;
    };
    loading.then(clear, clear);
    return loading;
  }

  /** A read that starts after every write this process made so far (waits out an in-flight one). */
  async function reload(appId: string): Promise<AppKeys> {
    const inFlight = apps.get(appId)?.loading;
    if (inFlight) await inFlight.catch(() => undefined);
    return load(appId);
  }

  async function cached(appId: string, maxAgeMs: number): Promise<AppKeys> {
    const keys = apps.get(appId)?.keys;
    if (keys !== undefined && performance.now() - keys.loadedAt < maxAgeMs) return keys;
    return load(appId);
  }

  /** Single-flight per app: re-read storage (another replica may have rotated), then make a key if still due. */
  function rotate(appId: string): Promise<AppKeys> {
    const state = stateOf(appId);
    if (state.rotating) return state.rotating;
    const rotating = (async () => {
      const fresh = await reload(appId);
      if (!needsNewDynamicKey(fresh, now())) return fresh;
      const value = await generateStoredKeyValue();
      const createdAt = now();
      // Another replica may have rotated while we generated: then its key stands and ours is
      // dropped, so a rotation yields one key whichever replicas race.
      const rotatedSince = createdAt - (intervalMs - SIGNING_KEY_OVERLAP_MS);
      if (await storage.signingKeys.addDynamicUnlessRotated(appId, { createdAt, value }, rotatedSince)) {
        await storage.signingKeys.deleteDynamicOlderThan(appId, createdAt - keepForVerificationMs);
      }
      return reload(appId);
    })();
    state.rotating = rotating;
    const clear = () => {
      if (state.rotating === rotating) state.rotating = undefined;
    };
    rotating.then(clear, clear);
    return rotating;
  }

  async function currentDynamic(appId: string, maxAgeMs: number): Promise<AppKeys> {
    const keys = await cached(appId, maxAgeMs);
    return needsNewDynamicKey(keys, now()) ? rotate(appId) : keys;
  }

  function chooseDynamicSigningKey(keys: AppKeys, at: number): ParsedKey {
    const [newest, previous] = unexpiredDynamic(keys, at);
    if (newest === undefined) throw new Error("no dynamic signing key after rotation");
    const newestIsPublishedLongEnough = at - newest.createdAt >= SIGNING_KEY_OVERLAP_MS;
    if (!newestIsPublishedLongEnough && previous !== undefined && at - previous.createdAt < intervalMs) {
      return previous;
    }
    return newest;
  }

  function createStatic(appId: string): Promise<AppKeys> {
    const state = stateOf(appId);
    if (state.creatingStatic) return state.creatingStatic;
    const creating = (async () => {
      const fresh = await reload(appId);
      if (fresh.staticByAlgorithm.has(STATIC_KEY_ALGORITHM)) return fresh;
      const value = await generateStoredKeyValue();
      // The UNIQUE (app_id, algorithm) constraint decides between racing replicas.
      await storage.signingKeys.getOrInsertStatic(appId, {
        keyId: `s-${randomUUID()}`,
        keyString: value,
        algorithm: STATIC_KEY_ALGORITHM,
        createdAt: now(),
      });
      return reload(appId);
    })();
    state.creatingStatic = creating;
    const clear = () => {
      if (state.creatingStatic === creating) state.creatingStatic = undefined;
    };
    creating.then(clear, clear);
    return creating;
  }

  function findVerificationKey(keys: AppKeys, kid: string): KeyObject | undefined {
    const key = keys.byKid.get(kid);
    if (key === undefined) return undefined;
    if (kid.startsWith("d-") && !isUnexpired(key, now())) return undefined;
    return key.publicKey;
  }

  return {
    async signingKey(appId, kind) {
      if (kind === "dynamic") {
        return chooseDynamicSigningKey(await currentDynamic(appId, keyCacheTtlMs), now());
      }
      let keys = await cached(appId, keyCacheTtlMs);
      let key = keys.staticByAlgorithm.get(STATIC_KEY_ALGORITHM);
      if (key === undefined) {
        keys = await createStatic(appId);
        key = keys.staticByAlgorithm.get(STATIC_KEY_ALGORITHM);
      }
      if (key === undefined) throw new Error("no static signing key after creating one");
      return key;
    },

    async verificationKey(appId, kid) {
      // Kids we never issue, or dynamic kids whose verification window is over, need no lookup.
      if (kid.startsWith("d-")) {
        const createdAt = Number(kid.slice(2));
        if (!/^d-\d{1,16}$/.test(kid) || now() - createdAt >= keepForVerificationMs) return undefined;
      } else if (!/^s-[0-9a-zA-Z-]{1,64}$/.test(kid)) {
        return undefined;
      }
      const found = findVerificationKey(await cached(appId, keyCacheTtlMs), kid);
      if (found !== undefined) return found;
      // Unknown kid: another replica may have made the key. Re-read once, rate-limited.
      const state = stateOf(appId);
      let keys: AppKeys;
      if (state.loading) {
        keys = await state.loading;
      } else {
        const at = performance.now();
        if (
          state.lastUnknownKidReloadAt !== undefined &&
          at - state.lastUnknownKidReloadAt < unknownKidCooldownMs
        ) {
          return undefined;
        }
        state.lastUnknownKidReloadAt = at;
        keys = await load(appId);
      }
      return findVerificationKey(keys, kid);
    },

    async jwks(appId) {
      const keys = await currentDynamic(appId, jwksCacheTtlMs);
      const at = now();
      const dynamic = unexpiredDynamic(keys, at);
      const jwks = [
        ...dynamic.map((key) => key.jwk),
        ...[...keys.staticByAlgorithm.values()].map((key) => key.jwk),
      ];
      // Until the next rotation is due nothing new can appear, so caches may keep this answer that long.
      const newest = dynamic[0];
      const untilNextKeyMs = newest.createdAt + intervalMs - SIGNING_KEY_OVERLAP_MS - at;
      return { keys: jwks, maxAgeSeconds: Math.max(1, Math.floor(untilNextKeyMs / 1000)) };
    },
  };
}

/** `base64(SPKI DER public)|base64(PKCS8 DER private)`, the stored form (docs/protocol/cdi.md §5). */
function generateStoredKeyValue(): Promise<string> {
  // Async: 2048-bit RSA generation takes tens to hundreds of ms; off the event loop.
  return new Promise((resolve, reject) => {
    generateKeyPair(
      "rsa",
      {
        modulusLength: 2048,
        publicExponent: 0x10001,
        publicKeyEncoding: { type: "spki", format: "der" },
        privateKeyEncoding: { type: "pkcs8", format: "der" },
      },
      (error, publicKey, privateKey) => {
        if (error) reject(error);
        else resolve(`${publicKey.toString("base64")}|${privateKey.toString("base64")}`);
      },
    );
  });
}

/** Undefined for a row we cannot parse: it is skipped (a rotation replaces it), never fatal. */
function parseStoredKey(kid: string, createdAt: number, value: string): ParsedKey | undefined {
  // Legacy rows separate the halves with `;` (docs/protocol/cdi.md §5).
  const parts = value.split(/[|;]/);
  if (parts.length !== 2) return undefined;
  try {
    const publicKey = createPublicKey({ key: Buffer.from(parts[0], "base64"), format: "der", type: "spki" });
    const privateKey = createPrivateKey({
      key: Buffer.from(parts[1], "base64"),
      format: "der",
      type: "pkcs8",
    });
    const { n, e } = publicKey.export({ format: "jwk" });
    if (typeof n !== "string" || typeof e !== "string") return undefined;
    return {
      kid,
      createdAt,
      publicKey,
      privateKey,
      jwk: { kty: "RSA", kid, n, e, alg: "RS256", use: "sig" },
    };
  } catch {
    return undefined;
  }
}
