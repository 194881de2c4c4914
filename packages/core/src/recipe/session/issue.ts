import { randomInt } from "node:crypto";
import type { CoreServices } from "../../http/route";
import { signAccessToken, type AccessTokenClaims } from "./access-token";
import { isDefaultTenant } from "./handles";
import { newNonce, refreshTokenHash1, type RefreshTokenCipher } from "./refresh-token";

/** `{token, expiry, createdTime}` as every session response carries it (ms since the epoch). */
export interface TokenInfo {
  token: string;
  expiry: number;
  createdTime: number;
}

/** `session` object of create, verify, refresh and regenerate responses (docs/protocol/cdi.md §3). */
export interface SessionView {
  handle: string;
  /** Primary user id. */
  userId: string;
  recipeUserId: string;
  userDataInJWT: Record<string, unknown>;
  tenantId: string;
}

export interface AccessTokenInput {
  appId: string;
  session: SessionView;
  refreshTokenHash1: string;
  parentRefreshTokenHash1: string | null;
  antiCsrfToken: string | null;
  useStaticKey: boolean;
  /** Keep this expiry (ms) instead of a fresh one (regenerate, docs/protocol/cdi.md §5). */
  expiry?: number;
}

export interface RefreshTokenInput {
  appId: string;
  sessionHandle: string;
  recipeUserId: string;
  tenantId: string;
  parentRefreshTokenHash2?: string;
  antiCsrfToken?: string;
}

/** Mints access and refresh tokens; the one place that knows validities and key choice. */
export class TokenIssuer {
  constructor(
    private readonly services: CoreServices,
    private readonly cipher: RefreshTokenCipher,
  ) {}

  async accessToken(input: AccessTokenInput): Promise<TokenInfo> {
    const now = this.services.now();
    const expiry = input.expiry ?? this.freshAccessTokenExpiry(now);
    const key = await this.services.signingKeys.signingKey(
      input.appId,
      input.useStaticKey ? "static" : "dynamic",
    );
    const claims: AccessTokenClaims = {
      sub: input.session.userId,
      rsub: input.session.recipeUserId,
      tId: input.session.tenantId,
      sessionHandle: input.session.handle,
      refreshTokenHash1: input.refreshTokenHash1,
      parentRefreshTokenHash1: input.parentRefreshTokenHash1,
      antiCsrfToken: input.antiCsrfToken,
      // Seconds, truncated from milliseconds (docs/protocol/cdi.md §5).
      iat: Math.floor(now / 1000),
      exp: Math.floor(expiry / 1000),
      custom: input.session.userDataInJWT,
    };
    return { token: await signAccessToken(key, claims), expiry, createdTime: now };
  }

  async refreshToken(input: RefreshTokenInput): Promise<TokenInfo & { hash1: string }> {
    const now = this.services.now();
    const token = await this.cipher.seal(input.appId, {
      sessionHandle: input.sessionHandle,
      userId: input.recipeUserId,
      ...(isDefaultTenant(input.tenantId) ? {} : { tenantId: input.tenantId }),
      ...(input.parentRefreshTokenHash2 === undefined
        ? {}
        : { parentRefreshTokenHash2: input.parentRefreshTokenHash2 }),
      nonce: newNonce(),
      ...(input.antiCsrfToken === undefined ? {} : { antiCsrfToken: input.antiCsrfToken }),
    });
    return { token, expiry: this.refreshTokenExpiry(now), createdTime: now, hash1: refreshTokenHash1(token) };
  }

  /** `now + refresh_token_validity` (minutes); also what `session_info.expires_at` holds. */
  refreshTokenExpiry(now: number): number {
    return now + this.services.config.refresh_token_validity * 60_000;
  }

  /**
   * `now + access_token_validity`, shortened by a random part of `access_token_validity_jitter`
   * (core 12.1) so that tokens issued together do not all expire, and refresh, together.
   */
  private freshAccessTokenExpiry(now: number): number {
    const validityMs = this.services.config.access_token_validity * 1000;
    const maxJitterMs = Math.floor(validityMs * this.services.config.access_token_validity_jitter);
    return now + validityMs - (maxJitterMs > 0 ? randomInt(maxJitterMs + 1) : 0);
  }
}
