import { randomUUID } from "node:crypto";
import type { SessionRecord } from "../../src/storage/types";

/** A fixed clock for storage tests (ms). */
export const NOW = 1_700_000_000_000;
export const DAY = 86_400_000;

/**
 * A session row for storage tests: random handle, user and hash, nested JSON in both payloads
 * (so a round trip through either engine is checked), live for 100 days after NOW.
 */
export function sessionRecord(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    appId: "public",
    tenantId: "public",
    sessionHandle: randomUUID(),
    userId: randomUUID(),
    refreshTokenHash2: "hash2-" + randomUUID(),
    prevRefreshTokenHash2: null,
    refreshTokenRotatedAt: null,
    sessionData: { plan: "pro", nested: { list: [1, "two", null] } },
    expiresAt: NOW + 100 * DAY,
    createdAt: NOW,
    jwtUserPayload: { role: "admin", flag: true },
    useStaticKey: false,
    ...overrides,
  };
}
