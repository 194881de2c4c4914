import { createPublicKey, type KeyObject } from "node:crypto";

export interface JWKSource {
  (): Promise<{ keys: Array<Record<string, unknown>> }>;
}

/**
 * The core's signing keys as ready-to-use KeyObjects (docs/protocol/cdi.md §2 "JWKS"). Kept for
 * `jwksRefreshIntervalSec`; an unknown `kid` triggers a refetch, at most once per cooldown
 * (500 ms, as the official SDK's remote JWKS set) so forged kids cannot hammer the core.
 */
export class JWKSKeyStore {
  private keys = new Map<string, KeyObject>();
  private freshUntil = 0;
  private lastFetchStartedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly source: JWKSource,
    private readonly refreshIntervalMs: number,
    private readonly cooldownMs = 500,
  ) {}

  /** The key if it is cached and the cache is fresh; no I/O. */
  peek(kid: string): KeyObject | undefined {
    return Date.now() < this.freshUntil ? this.keys.get(kid) : undefined;
  }

  async get(kid: string): Promise<KeyObject | undefined> {
    const now = Date.now();
    if (now < this.freshUntil) {
      const key = this.keys.get(kid);
      if (key !== undefined) return key;
      if (now - this.lastFetchStartedAt < this.cooldownMs) return undefined;
    }
    try {
      await this.refresh();
    } catch (err) {
      // Stale keys still verify tokens they signed while the core is unreachable.
      const stale = this.keys.get(kid);
      if (stale !== undefined) return stale;
      throw err;
    }
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    if (this.inflight === undefined) {
      this.lastFetchStartedAt = Date.now();
      this.inflight = this.source()
        .then((jwks) => {
          const keys = new Map<string, KeyObject>();
          for (const jwk of jwks.keys ?? []) {
            if (typeof jwk.kid !== "string" || jwk.kty !== "RSA") continue;
            try {
              keys.set(jwk.kid, createPublicKey({ key: jwk as any, format: "jwk" }));
            } catch {
              // An unusable key is skipped; tokens signed with it fail as "unknown kid".
            }
          }
          this.keys = keys;
          this.freshUntil = Date.now() + this.refreshIntervalMs;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    return this.inflight;
  }
}
