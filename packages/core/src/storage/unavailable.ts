/**
 * Tells "the database is not reachable right now" apart from a bug, so the core can answer
 * 500 with a message an operator can act on (and the SDK puts in its exception) instead of a
 * bare "Internal Error". The reason never includes the database address or credentials.
 */

/** PostgreSQL SQLSTATE classes/codes that mean the server or connection is unavailable. */
const PG_UNAVAILABLE_CODES = new Set([
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "53300", // too_many_connections
]);

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection lost",
  ENOTFOUND: "host not found",
  EHOSTUNREACH: "host unreachable",
};

/** A short reason when `error` means the database is unavailable, else undefined. */
export function databaseUnavailableReason(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string") {
    if (code in NETWORK_REASONS) return NETWORK_REASONS[code];
    if (PG_UNAVAILABLE_CODES.has(code)) return "server shutting down or not accepting connections";
    if (code.startsWith("08")) return "connection failure"; // SQLSTATE class 08: connection exception
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") return "database is locked by another writer";
  }
  if (typeof message === "string") {
    // node-postgres reports a dropped socket with these texts and no code.
    if (/Connection terminated|connection timeout|Client has encountered a connection error/i.test(message))
      return "connection lost";
  }
  return undefined;
}
