import { verify, type KeyObject } from "node:crypto";
import { signJwt } from "../jwt/jws";
import type { SigningKey } from "../jwt/types";

/**
 * Access token v5 (docs/protocol/cdi.md §5 "Access token"): an RS256 JWT with header
 * `{"alg":"RS256","typ":"JWT","kid":…,"version":"5"}`. supertokens-node verifies it locally
 * (§2 "Local token checks"), so every field name, type and the null-when-absent convention
 * is part of the wire contract.
 */

/** Claims the core owns; a custom `userDataInJWT` key with one of these names is rejected (§5). `iss` is not one: the SDK adds it. */
export const PROTECTED_CLAIMS: ReadonlySet<string> = new Set([
  "sub",
  "iat",
  "exp",
  "sessionHandle",
  "refreshTokenHash1",
  "parentRefreshTokenHash1",
  "antiCsrfToken",
  "rsub",
  "tId",
  "stt",
]);

export const ACCESS_TOKEN_VERSION = "5";

export interface AccessTokenClaims {
  /** Primary user id. */
  sub: string;
  /** Recipe user id. */
  rsub: string;
  tId: string;
  sessionHandle: string;
  refreshTokenHash1: string;
  /** Set on the first access token after a refresh until the child refresh token is promoted. */
  parentRefreshTokenHash1: string | null;
  antiCsrfToken: string | null;
  /** Seconds. */
  iat: number;
  /** Seconds. */
  exp: number;
  /** userDataInJWT: the custom claims, written at the top level of the payload. */
  custom: Record<string, unknown>;
}

export type AccessTokenErrorCode = "ERR_ACCESS_TOKEN_MALFORMED" | "ERR_ACCESS_TOKEN_SIGNATURE";

export class AccessTokenError extends Error {
  constructor(
    readonly code: AccessTokenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AccessTokenError";
  }
}

export interface ParsedAccessToken {
  kid: string;
  claims: AccessTokenClaims;
  /** `base64url(header).base64url(payload)`, the signed bytes. */
  signingInput: string;
  signature: Buffer;
}

/** The first protected claim name found among custom claims, if any. */
export function findProtectedClaim(custom: Record<string, unknown>): string | undefined {
  return Object.keys(custom).find((name) => PROTECTED_CLAIMS.has(name));
}

export function signAccessToken(key: SigningKey, claims: AccessTokenClaims): Promise<string> {
  const payload: Record<string, unknown> = {
    ...claims.custom,
    sub: claims.sub,
    exp: claims.exp,
    iat: claims.iat,
    tId: claims.tId,
    rsub: claims.rsub,
    sessionHandle: claims.sessionHandle,
    refreshTokenHash1: claims.refreshTokenHash1,
    parentRefreshTokenHash1: claims.parentRefreshTokenHash1,
    antiCsrfToken: claims.antiCsrfToken,
  };
  return signJwt(
    { alg: "RS256", typ: "JWT", kid: key.kid, version: ACCESS_TOKEN_VERSION },
    payload,
    key.privateKey,
  );
}

/**
 * Splits and decodes a v5 token without checking its signature or expiry. Every protected
 * claim must be present with its type (null allowed only where the format allows it).
 */
export function parseAccessToken(token: string): ParsedAccessToken {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) {
    throw malformed("the access token is not a JWT");
  }
  const header = decodeJson(parts[0]);
  const payload = decodeJson(parts[1]);
  if (header.alg !== "RS256" || header.typ !== "JWT" || header.version !== ACCESS_TOKEN_VERSION) {
    throw malformed("the access token header is not an RS256 v5 header");
  }
  if (typeof header.kid !== "string" || header.kid === "") {
    throw malformed("the access token header has no kid");
  }
  const custom: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (!PROTECTED_CLAIMS.has(name)) custom[name] = value;
  }
  const claims: AccessTokenClaims = {
    sub: requireString(payload, "sub"),
    rsub: requireString(payload, "rsub"),
    tId: requireString(payload, "tId"),
    sessionHandle: requireString(payload, "sessionHandle"),
    refreshTokenHash1: requireString(payload, "refreshTokenHash1"),
    parentRefreshTokenHash1: requireNullableString(payload, "parentRefreshTokenHash1"),
    antiCsrfToken: requireNullableString(payload, "antiCsrfToken"),
    iat: requireNumber(payload, "iat"),
    exp: requireNumber(payload, "exp"),
    custom,
  };
  return {
    kid: header.kid,
    claims,
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: Buffer.from(parts[2], "base64url"),
  };
}

export function hasValidSignature(parsed: ParsedAccessToken, publicKey: KeyObject): boolean {
  return verify("sha256", Buffer.from(parsed.signingInput), publicKey, parsed.signature);
}

/** `exp` is in seconds; a token is expired once the current millisecond reaches it. */
export function isExpired(claims: AccessTokenClaims, nowMs: number): boolean {
  return claims.exp * 1000 <= nowMs;
}

function decodeJson(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    throw malformed("the access token is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw malformed("the access token is not a JSON object");
  }
  return value as Record<string, unknown>;
}

function requireString(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  if (typeof value !== "string") throw malformed(`the access token has no string ${name}`);
  return value;
}

function requireNullableString(payload: Record<string, unknown>, name: string): string | null {
  const value = payload[name];
  if (value === null) return null;
  if (typeof value !== "string") throw malformed(`the access token has no ${name} (string or null)`);
  return value;
}

function requireNumber(payload: Record<string, unknown>, name: string): number {
  const value = payload[name];
  if (typeof value !== "number" || !Number.isFinite(value))
    throw malformed(`the access token has no numeric ${name}`);
  return value;
}

function malformed(message: string): AccessTokenError {
  return new AccessTokenError("ERR_ACCESS_TOKEN_MALFORMED", message);
}
