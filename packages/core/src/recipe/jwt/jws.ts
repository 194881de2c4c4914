/**
 * Compact JWS signing with RS256 through node:crypto (ARCHITECTURE "Choices": synchronous
 * node:crypto with cached KeyObjects is the fast path).
 *
 * Used by POST /recipe/jwt and by the session recipe for access tokens: call
 * `signJwt({ alg: "RS256", typ: "JWT", kid, version: "5" }, payload, key.privateKey)` with a
 * key from `SigningKeyService.signingKey()`.
 */
import { sign, type KeyObject } from "node:crypto";

export interface JwtHeader {
  alg: "RS256";
  typ: "JWT";
  kid: string;
  [field: string]: unknown;
}

export function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function signJwt(header: JwtHeader, payload: Record<string, unknown>, privateKey: KeyObject): string {
  const signingInput = `${base64UrlJson(header)}.${base64UrlJson(payload)}`;
  const signature = sign("RSA-SHA256", Buffer.from(signingInput, "ascii"), privateKey);
  return `${signingInput}.${signature.toString("base64url")}`;
}
