import { DuplicateKeyError } from "../types";

/**
 * Turns a UNIQUE/PRIMARY KEY violation of either engine into a `DuplicateKeyError` naming the
 * column the caller cares about; anything else is rethrown unchanged.
 * - PostgreSQL: SQLSTATE 23505 with the constraint's name (named in migrations.ts).
 * - SQLite (better-sqlite3): code SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, the columns in the message.
 */
export function asDuplicateKeyError(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return error;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  let where: string;
  if (code === "23505") where = typeof constraint === "string" ? constraint : "";
  else if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY")
    where = typeof message === "string" ? message : "";
  else return error;
  if (/link_code_hash/.test(where)) return new DuplicateKeyError("link_code_hash");
  if (/phone_number/.test(where)) return new DuplicateKeyError("phone_number");
  if (/email/.test(where)) return new DuplicateKeyError("email");
  return new DuplicateKeyError("other");
}

/** Runs a write, mapping key violations to `DuplicateKeyError`. */
export async function mapDuplicateKey<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw asDuplicateKeyError(error);
  }
}
