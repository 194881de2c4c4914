import type { KeyObject } from "node:crypto";

export interface SigningKey {
  /** `d-<createdAtMs>` for dynamic keys, `s-<uuid>` for static keys. */
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface Jwk {
  kty: "RSA";
  kid: string;
  n: string;
  e: string;
  alg: "RS256";
  use: "sig";
}

/**
 * Signing keys of one core (all apps). Implemented in `recipe/jwt/signing-keys.ts`; keys are
 * cached in memory and re-read from storage when an unknown `kid` shows up, so any number of
 * replicas agree without coordination. It uses the root Storage: call it outside
 * `storage.transaction(fn)` (on SQLite a call from inside would wait for that transaction).
 */
export interface SigningKeyService {
  /** Key to sign a new access token with (dynamic: rotated every interval; static: per app). */
  signingKey(appId: string, kind: "dynamic" | "static"): Promise<SigningKey>;
  /** Key for a `kid`, reloading once from storage if unknown; undefined when it does not exist (or expired). */
  verificationKey(appId: string, kid: string): Promise<KeyObject | undefined>;
  /** Unexpired dynamic keys + all static keys, and the `Cache-Control: max-age` to serve them with. */
  jwks(appId: string): Promise<{ keys: Jwk[]; maxAgeSeconds: number }>;
}
