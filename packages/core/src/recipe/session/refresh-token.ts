import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { KeyValueStore } from "../../storage/types";

/**
 * Refresh tokens are opaque to the SDK (docs/protocol/cdi.md §5 "Refresh token"), so the format is ours:
 *
 *   base64url( iv[12] ‖ AES-256-GCM(JSON content) ‖ tag[16] ) + ".p1"
 *
 * with the app id as additional authenticated data. The 256-bit key is created once per app
 * and kept in `key_value` (name `refresh_token_key`, tenant `public`). The database never
 * sees a token, only `refresh_token_hash_2 = sha256hex(sha256hex(token))`.
 *
 * The content carries the parent's hash2 (not hash1 as upstream does) so that a token
 * issued inside the reuse grace window can name the session's *current* token as its parent:
 * we only ever know the current token's hash2 (see rotation.ts).
 */
export interface RefreshTokenContent {
  sessionHandle: string;
  /** Recipe user id. */
  userId: string;
  /** Omitted for the public tenant. */
  tenantId?: string;
  /** hash2 of the token this one was issued from; absent for a session's first token. */
  parentRefreshTokenHash2?: string;
  nonce: string;
  antiCsrfToken?: string;
}

export const REFRESH_TOKEN_KEY_NAME = "refresh_token_key";
const FORMAT_SUFFIX = ".p1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** sha256hex(token): what access tokens carry as `refreshTokenHash1`. */
export function refreshTokenHash1(refreshToken: string): string {
  return sha256Hex(refreshToken);
}

/**
 * sha256hex(hash1) = sha256hex(sha256hex(token)): what `session_info.refresh_token_hash_2`
 * stores, from the hash1 the caller already has (the token is hashed once).
 */
export function hash2OfHash1(refreshTokenHash1: string): string {
  return sha256Hex(refreshTokenHash1);
}

export function newNonce(): string {
  return randomBytes(16).toString("base64url");
}

/** Encrypts and decrypts refresh tokens; one per core, the per-app keys cached in memory. */
export class RefreshTokenCipher {
  private readonly keys = new Map<string, Promise<Buffer>>();

  constructor(private readonly keyValue: () => KeyValueStore) {}

  async seal(appId: string, content: RefreshTokenContent): Promise<string> {
    const key = await this.key(appId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from(appId));
    const body = Buffer.concat([cipher.update(JSON.stringify(content), "utf8"), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url") + FORMAT_SUFFIX;
  }

  /** The content, or undefined for anything that is not an untampered token of this app. */
  async open(appId: string, refreshToken: string): Promise<RefreshTokenContent | undefined> {
    if (!refreshToken.endsWith(FORMAT_SUFFIX)) return undefined;
    const encoded = refreshToken.slice(0, -FORMAT_SUFFIX.length);
    if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
    const raw = Buffer.from(encoded, "base64url");
    if (raw.length <= IV_BYTES + TAG_BYTES) return undefined;
    const key = await this.key(appId);
    let plaintext: string;
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(appId));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      plaintext = Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      return undefined;
    }
    return parseContent(plaintext);
  }

  private key(appId: string): Promise<Buffer> {
    let key = this.keys.get(appId);
    if (key === undefined) {
      key = this.loadKey(appId);
      this.keys.set(appId, key);
      // A failed read must not poison the cache: the next request tries again.
      key.catch(() => this.keys.delete(appId));
    }
    return key;
  }

  private async loadKey(appId: string): Promise<Buffer> {
    // getOrInsert: replicas starting together agree on whichever key was stored first.
    const stored = await this.keyValue().getOrInsert(
      appId,
      "public",
      REFRESH_TOKEN_KEY_NAME,
      randomBytes(32).toString("hex"),
    );
    if (/^[0-9a-f]{64}$/.test(stored)) return Buffer.from(stored, "hex");
    // A database taken over from SuperTokens holds its own key format here ("1000:<salt>:<hash>");
    // its old tokens cannot be read anyway, so derive a key from the value rather than fail.
    return createHash("sha256").update(stored).digest();
  }
}

function parseContent(plaintext: string): RefreshTokenContent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(plaintext);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.sessionHandle !== "string" || typeof v.userId !== "string" || typeof v.nonce !== "string")
    return undefined;
  for (const optional of ["tenantId", "parentRefreshTokenHash2", "antiCsrfToken"] as const) {
    if (v[optional] !== undefined && typeof v[optional] !== "string") return undefined;
  }
  return v as unknown as RefreshTokenContent;
}
