import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Storage } from "../../src/storage/types";
import { createTestStorage, openTestStorage, testEngines, type TestStorage } from "../support/databases";

describe.each(testEngines())("signing key store on %s", (engine) => {
  let test: TestStorage;
  let storage: Storage;
  let appSeq = 0;
  async function newApp(): Promise<string> {
    const appId = `keys-app-${++appSeq}`;
    await storage.tenants.create(appId, "public", 0);
    return appId;
  }
  beforeAll(async () => {
    test = await createTestStorage(engine);
    storage = test.storage;
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  describe("listDynamic / addDynamic", () => {
    it("lists an app's keys newest first", async () => {
      const appId = await newApp();
      const other = await newApp();
      await storage.signingKeys.addDynamic(appId, { createdAt: 1000, value: "a|b" });
      await storage.signingKeys.addDynamic(appId, { createdAt: 3000, value: "c|d" });
      await storage.signingKeys.addDynamic(other, { createdAt: 2000, value: "e|f" });
      expect(await storage.signingKeys.listDynamic(appId)).toEqual([
        { createdAt: 3000, value: "c|d" },
        { createdAt: 1000, value: "a|b" },
      ]);
    });

    it("keeps one key per app and creation time (primary key)", async () => {
      const appId = await newApp();
      await storage.signingKeys.addDynamic(appId, { createdAt: 5000, value: "first|key" });
      await storage.signingKeys.addDynamic(appId, { createdAt: 5000, value: "second|key" });
      expect(await storage.signingKeys.listDynamic(appId)).toEqual([{ createdAt: 5000, value: "first|key" }]);
    });
  });

  describe("addDynamicUnlessRotated", () => {
    it("inserts when no key was created since the given time, and not when one was", async () => {
      const appId = await newApp();
      await storage.signingKeys.addDynamic(appId, { createdAt: 1000, value: "old|key" });
      expect(
        await storage.signingKeys.addDynamicUnlessRotated(appId, { createdAt: 9000, value: "new|key" }, 1001),
      ).toBe(true);
      expect(
        await storage.signingKeys.addDynamicUnlessRotated(
          appId,
          { createdAt: 9500, value: "late|key" },
          9000,
        ),
      ).toBe(false);
      expect((await storage.signingKeys.listDynamic(appId)).map((k) => k.value)).toEqual([
        "new|key",
        "old|key",
      ]);
    });

    it("lets exactly one of several racing replicas insert", async () => {
      const appId = await newApp();
      const replica = openTestStorage(test.database);
      try {
        // Open several connections in both pools first, so the racers really run in parallel.
        await Promise.all(
          Array.from({ length: 10 }, (_, i) => (i % 2 ? replica : storage).tenants.exists(appId, "public")),
        );
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 ? replica : storage).signingKeys.addDynamicUnlessRotated(
              appId,
              { createdAt: 10_000 + i, value: `k${i}|k${i}` },
              5_000,
            ),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await storage.signingKeys.listDynamic(appId)).toHaveLength(1);
      } finally {
        await replica.close();
      }
    });
  });

  describe("deleteDynamicOlderThan", () => {
    it("deletes only that app's keys created before the time", async () => {
      const appId = await newApp();
      const other = await newApp();
      await storage.signingKeys.addDynamic(appId, { createdAt: 1000, value: "a|a" });
      await storage.signingKeys.addDynamic(appId, { createdAt: 2000, value: "b|b" });
      await storage.signingKeys.addDynamic(other, { createdAt: 1000, value: "c|c" });
      await storage.signingKeys.deleteDynamicOlderThan(appId, 2000);
      expect((await storage.signingKeys.listDynamic(appId)).map((k) => k.createdAt)).toEqual([2000]);
      expect(await storage.signingKeys.listDynamic(other)).toHaveLength(1);
    });
  });

  describe("getOrInsertStatic", () => {
    it("keeps the first key per app and algorithm and returns it to later callers (UNIQUE constraint)", async () => {
      const appId = await newApp();
      const first = { keyId: "s-first", keyString: "a|b", algorithm: "RS256", createdAt: 1 };
      expect(await storage.signingKeys.getOrInsertStatic(appId, first)).toEqual(first);
      const second = { keyId: "s-second", keyString: "c|d", algorithm: "RS256", createdAt: 2 };
      expect(await storage.signingKeys.getOrInsertStatic(appId, second)).toEqual(first);
      expect(await storage.signingKeys.listStatic(appId)).toEqual([first]);
    });
  });
});
