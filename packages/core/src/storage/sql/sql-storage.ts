import type { Kysely } from "kysely";
import type { Storage } from "../types";
import type { OpenDatabase } from "./database";
import { createSigningKeyStore } from "./keys";
import { createKeyValueStore } from "./key-value";
import { migrate } from "./migrations";
import type { Database } from "./schema";
import { analyzeNewTables } from "./statistics";
import { createSessionStore } from "./sessions";
import { createPasswordlessStore } from "./passwordless";
import { createTenantStore } from "./tenants";
import { createUserStore } from "./users";
import { createVerifiedEmailStore } from "./verified-emails";

/**
 * The one SQL implementation of `Storage`, for PostgreSQL and SQLite alike. A Storage is
 * bound to a kysely handle: the pool/connection at the root, or one transaction inside
 * `transaction(fn)`. Nested `transaction` calls on a bound Storage reuse its transaction.
 *
 * Inside `transaction(fn)`, use only the `tx` Storage passed to `fn`: on SQLite the root
 * Storage waits for the transaction to finish (one writer at a time), so calling it from
 * inside would wait forever.
 */
export function createSqlStorage(open: OpenDatabase, now: () => number = Date.now): Storage {
  return bind(open, open.db, now);
}

function bind(open: OpenDatabase, db: Kysely<Database>, now: () => number): Storage {
  const inTransaction = db.isTransaction;

  function runInTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return inTransaction ? fn(db) : db.transaction().execute(fn);
  }

  const storage: Storage = {
    engine: open.engine,
    description: open.description,

    async migrate() {
      if (inTransaction) throw new Error("storage.migrate() cannot run inside a transaction");
      await migrate(open.db, open.engine, now);
    },

    async close() {
      if (inTransaction) throw new Error("storage.close() cannot run inside a transaction");
      await open.db.destroy();
    },

    async analyzeNewTables() {
      if (open.engine !== "postgresql") return [];
      if (inTransaction) throw new Error("storage.analyzeNewTables() cannot run inside a transaction");
      return analyzeNewTables(open.db);
    },

    transaction(fn) {
      if (inTransaction) return fn(storage);
      return db.transaction().execute((trx) => fn(bind(open, trx, now)));
    },

    keyValue: createKeyValueStore(db, now),
    signingKeys: createSigningKeyStore(db, open.engine, runInTransaction),
    sessions: createSessionStore(db, open.engine, runInTransaction),
    tenants: createTenantStore(db, runInTransaction),
    users: createUserStore(db),
    passwordless: createPasswordlessStore(db, open.engine, runInTransaction),
    verifiedEmails: createVerifiedEmailStore(db),
  };
  return storage;
}
