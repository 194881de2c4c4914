import { verify as verifySignature, type KeyObject } from "node:crypto";
import { PROTECTED_PAYLOAD_KEYS } from "./constants";
import type { JSONObject } from "./types";

/**
 * Local access-token handling (ARCHITECTURE "Hot paths", docs/protocol/cdi.md §2 "Local token checks").
 * A token is parsed once into `ParsedAccessToken`; the signature is checked synchronously
 * with node:crypto against a cached KeyObject (~22 µs for RS256).
 */

export interface AccessTokenPayload {
  sub: string;
  rsub: string;
  sessionHandle: string;
  refreshTokenHash1: string;
  parentRefreshTokenHash1?: string | null;
  antiCsrfToken?: string | null;
  exp: number;
  iat: number;
  tId?: string;
  [key: string]: any;
}

export interface ParsedAccessToken {
  /** The whole JWT as received. */
  readonly token: string;
  readonly kid: string;
  readonly version: number;
  readonly payload: AccessTokenPayload;
  /** Index of the second `.`: `token.slice(0, signedPartEnd)` is what was signed. */
  readonly signedPartEnd: number;
}

interface HeaderFacts {
  kid: string;
  version: number;
}

/**
 * Header JSON is the same for every token signed with one key, so it is decoded once per
 * distinct header (bounded map; an attacker can only make it churn, not grow).
 */
const headerCache = new Map<string, HeaderFacts | null>();
const HEADER_CACHE_LIMIT = 64;

function readHeader(encodedHeader: string): HeaderFacts | null {
  const cached = headerCache.get(encodedHeader);
  if (cached !== undefined) return cached;
  let facts: HeaderFacts | null = null;
  try {
    const header = JSON.parse(Buffer.from(encodedHeader, "base64url").toString("utf8"));
    // docs/protocol/cdi.md §2: typ "JWT", a *string* version >= "3", and a kid.
    if (
      header !== null &&
      typeof header === "object" &&
      header.typ === "JWT" &&
      typeof header.version === "string" &&
      typeof header.kid === "string"
    ) {
      const version = Number.parseInt(header.version, 10);
      if (Number.isInteger(version) && version >= 3) facts = { kid: header.kid, version };
    }
  } catch {
    facts = null;
  }
  if (headerCache.size >= HEADER_CACHE_LIMIT) headerCache.clear();
  headerCache.set(encodedHeader, facts);
  return facts;
}

/** The payload fields of a v3+ access token the SDK relies on (docs/protocol/cdi.md §2). */
function hasAccessTokenStructure(payload: any, version: number): payload is AccessTokenPayload {
  if (payload === null || typeof payload !== "object") return false;
  if (
    typeof payload.sub !== "string" ||
    typeof payload.sessionHandle !== "string" ||
    typeof payload.refreshTokenHash1 !== "string" ||
    typeof payload.exp !== "number" ||
    typeof payload.iat !== "number"
  ) {
    return false;
  }
  if (version >= 4 && typeof payload.rsub !== "string") return false;
  if (payload.stt !== undefined && payload.stt !== 0) return false;
  return true;
}

/**
 * Parses a JWT if it is one of our access tokens; `undefined` otherwise (a foreign Bearer
 * value is then ignored, docs/protocol/fdi.md §3.1). Signature and expiry are not checked here.
 */
export function parseAccessToken(token: string): ParsedAccessToken | undefined {
  const firstDot = token.indexOf(".");
  if (firstDot <= 0) return undefined;
  const secondDot = token.indexOf(".", firstDot + 1);
  if (secondDot < 0 || token.indexOf(".", secondDot + 1) !== -1) return undefined;
  const header = readHeader(token.slice(0, firstDot));
  if (header === null) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token.slice(firstDot + 1, secondDot), "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!hasAccessTokenStructure(payload, header.version)) return undefined;
  return { token, kid: header.kid, version: header.version, payload, signedPartEnd: secondDot };
}

/**
 * The request layer parses to pick the transfer mode, then the (overridable) getSession gets
 * the raw string again: it takes over that parse instead of repeating it. Only the request
 * layer hands over (tokens parsed elsewhere back a live Session's payload), and a parse is
 * taken once, so two sessions never share one payload object (user code may mutate it).
 */
export function parseAccessTokenInRequest(token: string): ParsedAccessToken | undefined {
  const parsed = parseAccessToken(token);
  handedOver = parsed;
  return parsed;
}

export function takeParsedAccessToken(token: string): ParsedAccessToken | undefined {
  const parsed = handedOver;
  handedOver = undefined;
  if (parsed !== undefined && parsed.token === token) return parsed;
  return parseAccessToken(token);
}

let handedOver: ParsedAccessToken | undefined;

/** RS256 check with node:crypto, synchronous. */
export function hasValidSignature(parsed: ParsedAccessToken, key: KeyObject): boolean {
  const signed = Buffer.from(parsed.token.slice(0, parsed.signedPartEnd), "latin1");
  const signature = Buffer.from(parsed.token.slice(parsed.signedPartEnd + 1), "base64url");
  try {
    return verifySignature("RSA-SHA256", signed, key, signature);
  } catch {
    return false;
  }
}

/** Dynamic signing keys carry the `d-` kid prefix (docs/protocol/cdi.md §5 "Signing keys"). */
export function isSignedWithDynamicKey(parsed: ParsedAccessToken): boolean {
  return parsed.kid.startsWith("d-");
}

/** Null `parentRefreshTokenHash1`/`antiCsrfToken` count as absent (docs/protocol/cdi.md §2). */
export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * mergeIntoAccessTokenPayload's rule (docs/protocol/sdk-surface.md §1.6): the core-owned keys are dropped from the
 * current payload, then each update key is set, or deleted when its value is null.
 */
export function mergeAccessTokenPayload(current: JSONObject, update: JSONObject): JSONObject {
  const merged: JSONObject = { ...current };
  for (const key of PROTECTED_PAYLOAD_KEYS) delete merged[key];
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
