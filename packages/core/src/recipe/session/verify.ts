import {
  AccessTokenError,
  hasValidSignature,
  isExpired,
  parseAccessToken,
  type ParsedAccessToken,
} from "./access-token";
import type { SessionView, TokenInfo } from "./issue";
import { decideVerifyRotation, sameHash } from "./rotation";
import { sha256Hex } from "./refresh-token";
import { SESSION_NOT_FOUND, type SessionService, type Unauthorised } from "./service";

/**
 * POST /recipe/session/verify (docs/protocol/cdi.md §3, §5 "Verify-time promotion"). The SDK calls it
 * only for the first access token after a refresh (it names a parent refresh token) or with
 * `checkDatabase`; everything else is verified locally from the JWKS.
 */

export type VerifyResult =
  | { status: "OK"; session: SessionView; accessToken?: TokenInfo }
  | Unauthorised
  | { status: "TRY_REFRESH_TOKEN"; message: string };

export interface VerifyInput {
  appId: string;
  accessToken: string;
  antiCsrfToken: string | undefined;
  doAntiCsrfCheck: boolean;
  enableAntiCsrf: boolean;
  checkDatabase: boolean;
}

/** A CAS that keeps losing means a storm of promotions on one session; re-reading a few times settles it. */
const MAX_ATTEMPTS = 4;

/** Parses a v5 token and checks its signature (not its expiry); a message says why not. */
export async function readSignedAccessToken(
  service: SessionService,
  appId: string,
  token: string,
): Promise<{ parsed: ParsedAccessToken } | { failure: string }> {
  let parsed: ParsedAccessToken;
  try {
    parsed = parseAccessToken(token);
  } catch (error) {
    if (error instanceof AccessTokenError) return { failure: `Invalid access token: ${error.message}` };
    throw error;
  }
  const key = await service.services.signingKeys.verificationKey(appId, parsed.kid);
  if (key === undefined) return { failure: "Invalid access token: its signing key is unknown or expired" };
  if (!hasValidSignature(parsed, key))
    return { failure: "Invalid access token: the signature does not match" };
  return { parsed };
}

export async function verifySession(service: SessionService, input: VerifyInput): Promise<VerifyResult> {
  const read = await readSignedAccessToken(service, input.appId, input.accessToken);
  if ("failure" in read) return { status: "TRY_REFRESH_TOKEN", message: read.failure };
  const claims = read.parsed.claims;
  if (isExpired(claims, service.services.now())) {
    return { status: "TRY_REFRESH_TOKEN", message: "Access token expired" };
  }
  if (input.enableAntiCsrf && input.doAntiCsrfCheck) {
    const expected = claims.antiCsrfToken;
    if (
      expected === null ||
      input.antiCsrfToken === undefined ||
      !sameHash(sha256Hex(expected), sha256Hex(input.antiCsrfToken))
    ) {
      return { status: "TRY_REFRESH_TOKEN", message: "anti-csrf check failed" };
    }
  }
  const tokenSession: SessionView = {
    handle: claims.sessionHandle,
    userId: claims.sub,
    recipeUserId: claims.rsub,
    userDataInJWT: claims.custom,
    tenantId: claims.tId,
  };
  const parentHash1 = claims.parentRefreshTokenHash1;
  if (parentHash1 === null && !input.checkDatabase) {
    return { status: "OK", session: tokenSession };
  }

  const ownHash2 = sha256Hex(claims.refreshTokenHash1);
  const parentHash2 = parentHash1 === null ? null : sha256Hex(parentHash1);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const record = await service.liveSession(input.appId, claims.tId, claims.sessionHandle);
    if (record === undefined) return { status: "UNAUTHORISED", message: SESSION_NOT_FOUND };
    const now = service.services.now();

    let issueNewToken = false;
    if (parentHash2 !== null) {
      const decision = decideVerifyRotation(parentHash2, ownHash2, record, now, service.gracePeriodMs);
      if (decision === "promote" || decision === "repoint") {
        const promoted = await service.services.storage.sessions.promoteRefreshToken({
          appId: input.appId,
          tenantId: record.tenantId,
          sessionHandle: record.sessionHandle,
          expectedHash2: record.refreshTokenHash2,
          newHash2: ownHash2,
          // A re-point swaps one child of `prev` for another: the window keeps its start and
          // `prev` keeps naming the common parent, so further siblings are still recognised.
          ...(decision === "repoint"
            ? {
                prevHash2: record.prevRefreshTokenHash2 as string,
                rotatedAt: record.refreshTokenRotatedAt as number,
              }
            : { rotatedAt: now }),
          expiresAt: service.issuer.refreshTokenExpiry(now),
        });
        if (!promoted) continue;
        issueNewToken = true;
      } else if (decision === "current") {
        issueNewToken = true;
      }
    }
    if (!issueNewToken && input.checkDatabase && !samePayload(record.jwtUserPayload, claims.custom)) {
      issueNewToken = true;
    }
    if (!issueNewToken) {
      return { status: "OK", session: await service.sessionView(record, claims.custom) };
    }
    const session = await service.sessionView(record);
    const accessToken = await service.issuer.accessToken({
      appId: input.appId,
      session,
      refreshTokenHash1: claims.refreshTokenHash1,
      parentRefreshTokenHash1: null,
      antiCsrfToken: claims.antiCsrfToken,
      useStaticKey: record.useStaticKey,
    });
    return { status: "OK", session, accessToken };
  }
  // Every attempt lost a compare-and-set to another request; the token itself is valid.
  return { status: "OK", session: tokenSession };
}

/** Payloads compared as JSON values, key order ignored. */
function samePayload(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
