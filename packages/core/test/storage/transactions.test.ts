import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Storage } from "../../src/storage/types";
import { createTestStorage, openTestStorage, testEngines, type TestStorage } from "../support/databases";
import { NOW, sessionRecord as session } from "../support/records";

describe.each(testEngines())("storage.transaction on %s", (engine) => {
  let test: TestStorage;
  let storage: Storage;
  beforeAll(async () => {
    test = await createTestStorage(engine);
    storage = test.storage;
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  it("commits every write when fn resolves, and returns its value", async () => {
    const record = session();
    const result = await storage.transaction(async (tx) => {
      await tx.sessions.create(record);
      await tx.keyValue.set("public", "public", "committed", "yes");
      return "done";
    });
    expect(result).toBe("done");
    expect(await storage.sessions.get("public", "public", record.sessionHandle)).toBeDefined();
    expect(await storage.keyValue.get("public", "public", "committed")).toBe("yes");
  });

  it("leaves nothing behind when fn throws, and rethrows", async () => {
    const record = session();
    await expect(
      storage.transaction(async (tx) => {
        await tx.sessions.create(record);
        await tx.keyValue.set("public", "public", "rolled-back", "yes");
        await tx.tenants.create("public", "rolled-back-tenant", NOW);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await storage.sessions.get("public", "public", record.sessionHandle)).toBeUndefined();
    expect(await storage.keyValue.get("public", "public", "rolled-back")).toBeUndefined();
    expect(await storage.tenants.exists("public", "rolled-back-tenant")).toBe(false);
  });

  it("rolls back when a constraint fails midway", async () => {
    const record = session();
    await storage.sessions.create(record);
    const fresh = session();
    await expect(
      storage.transaction(async (tx) => {
        await tx.sessions.create(fresh);
        await tx.sessions.create(record); // duplicate primary key
      }),
    ).rejects.toThrow();
    expect(await storage.sessions.get("public", "public", fresh.sessionHandle)).toBeUndefined();
  });

  it("reuses the outer transaction for nested calls, so an outer rollback undoes inner writes", async () => {
    const record = session();
    await expect(
      storage.transaction(async (tx) => {
        await tx.transaction(async (inner) => {
          expect(inner).toBe(tx);
          await inner.sessions.create(record);
        });
        throw new Error("outer fails");
      }),
    ).rejects.toThrow("outer fails");
    expect(await storage.sessions.get("public", "public", record.sessionHandle)).toBeUndefined();
  });

  // PostgreSQL only: in one process, SQLite storages on the same file share one writer queue
  // (sqlite-dialect.ts), so a read from the second one waits for the transaction to end.
  it.runIf(engine === "postgresql")("hides uncommitted writes from other connections", async () => {
    const record = session();
    const replica = openTestStorage(test.database);
    try {
      await storage.transaction(async (tx) => {
        await tx.sessions.create(record);
        expect(await replica.sessions.get("public", "public", record.sessionHandle)).toBeUndefined();
      });
      expect(await replica.sessions.get("public", "public", record.sessionHandle)).toBeDefined();
    } finally {
      await replica.close();
    }
  });

  it.runIf(engine === "sqlite")(
    "serialises writers: concurrent read-modify-write transactions lose no update",
    async () => {
      const replica = openTestStorage(test.database);
      try {
        await storage.keyValue.set("public", "public", "counter", "0");
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? replica : storage).transaction(async (tx) => {
              const value = Number(await tx.keyValue.get("public", "public", "counter"));
              await new Promise((resolve) => setImmediate(resolve));
              await tx.keyValue.set("public", "public", "counter", String(value + 1));
            }),
          ),
        );
        expect(await storage.keyValue.get("public", "public", "counter")).toBe("20");
      } finally {
        await replica.close();
      }
    },
  );
});
