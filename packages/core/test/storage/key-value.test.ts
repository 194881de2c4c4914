import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Storage } from "../../src/storage/types";
import { createTestStorage, openTestStorage, testEngines, type TestStorage } from "../support/databases";

describe.each(testEngines())("key-value store on %s", (engine) => {
  let test: TestStorage;
  let storage: Storage;
  beforeAll(async () => {
    test = await createTestStorage(engine);
    storage = test.storage;
    await storage.tenants.create("public", "t1", Date.now());
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  describe("get", () => {
    it("returns undefined for a missing name", async () => {
      expect(await storage.keyValue.get("public", "public", "missing")).toBeUndefined();
    });
  });

  describe("set", () => {
    it("inserts, then overwrites", async () => {
      await storage.keyValue.set("public", "public", "setting", "one");
      await storage.keyValue.set("public", "public", "setting", "two");
      expect(await storage.keyValue.get("public", "public", "setting")).toBe("two");
    });

    it("keeps values of different tenants apart", async () => {
      await storage.keyValue.set("public", "public", "scoped", "for-public");
      await storage.keyValue.set("public", "t1", "scoped", "for-t1");
      expect(await storage.keyValue.get("public", "public", "scoped")).toBe("for-public");
      expect(await storage.keyValue.get("public", "t1", "scoped")).toBe("for-t1");
    });
  });

  describe("getOrInsert", () => {
    it("returns the stored value instead of the new one when the name exists", async () => {
      expect(await storage.keyValue.getOrInsert("public", "public", "master", "first")).toBe("first");
      expect(await storage.keyValue.getOrInsert("public", "public", "master", "second")).toBe("first");
      expect(await storage.keyValue.get("public", "public", "master")).toBe("first");
    });

    it("makes every racer, on several connections, get the same single value", async () => {
      const replica = openTestStorage(test.database);
      try {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? replica : storage).keyValue.getOrInsert("public", "public", "raced", `value-${i}`),
          ),
        );
        expect(new Set(results).size).toBe(1);
        expect(await storage.keyValue.get("public", "public", "raced")).toBe(results[0]);
      } finally {
        await replica.close();
      }
    });
  });
});
