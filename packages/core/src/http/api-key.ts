/**
 * API key check (docs/protocol/cdi.md §1.1 item 1): the key is read from `api-key`, then
 * `Authorization: Bearer <key>`, then a bare `Authorization: <key>`.
 */
// The default import (the module object) keeps `crypto.timingSafeEqual` observable in tests.
import crypto from "node:crypto";

/** The key a request presents, or undefined. */
export function presentedApiKey(headers: Record<string, string | undefined>): string | undefined {
  const apiKey = headers["api-key"];
  if (apiKey !== undefined) return apiKey.trim();
  const authorization = headers["authorization"];
  if (authorization === undefined) return undefined;
  const value = authorization.trim();
  return value.slice(0, 7).toLowerCase() === "bearer " ? value.slice(7).trim() : value;
}

/**
 * Compares against every configured key in constant time. Both sides are hashed first so
 * `timingSafeEqual` gets equal lengths and the comparison leaks neither content nor length;
 * every key is compared, so the time does not tell which one matched.
 */
export function createApiKeyCheck(
  keys: readonly string[] | null,
): (presented: string | undefined) => boolean {
  if (keys === null || keys.length === 0) return () => true;
  const digests = keys.map((key) => crypto.createHash("sha256").update(key).digest());
  return (presented) => {
    if (presented === undefined) return false;
    const digest = crypto.createHash("sha256").update(presented).digest();
    let match = false;
    for (const expected of digests) {
      if (crypto.timingSafeEqual(digest, expected)) match = true;
    }
    return match;
  };
}
