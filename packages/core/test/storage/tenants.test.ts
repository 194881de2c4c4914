import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Storage } from "../../src/storage/types";
import { createTestStorage, testEngines, type TestStorage } from "../support/databases";
import { NOW, sessionRecord } from "../support/records";

describe.each(testEngines())("tenant store on %s", (engine) => {
  let test: TestStorage;
  let storage: Storage;
  beforeAll(async () => {
    test = await createTestStorage(engine);
    storage = test.storage;
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  describe("exists", () => {
    it("knows the default app and tenant, and nothing else", async () => {
      expect(await storage.tenants.exists("public", "public")).toBe(true);
      expect(await storage.tenants.exists("public", "nope")).toBe(false);
      expect(await storage.tenants.exists("nope", "public")).toBe(false);
    });
  });

  describe("create", () => {
    it("creates a tenant, and its app when new, and reports whether it was new", async () => {
      expect(await storage.tenants.create("app-a", "t1", NOW)).toBe(true);
      expect(await storage.tenants.create("app-a", "t1", NOW)).toBe(false);
      expect(await storage.tenants.exists("app-a", "t1")).toBe(true);
      expect(await storage.tenants.exists("app-a", "public")).toBe(false);
    });
  });

  describe("delete", () => {
    it("deletes the tenant and cascades to its sessions and key-value rows", async () => {
      await storage.tenants.create("public", "doomed", NOW);
      const sessionHandle = randomUUID();
      await storage.sessions.create(sessionRecord({ tenantId: "doomed", sessionHandle }));
      await storage.keyValue.set("public", "doomed", "k", "v");
      expect(await storage.tenants.delete("public", "doomed")).toBe(true);
      expect(await storage.tenants.exists("public", "doomed")).toBe(false);
      expect(await storage.sessions.get("public", "doomed", sessionHandle)).toBeUndefined();
      expect(await storage.keyValue.get("public", "doomed", "k")).toBeUndefined();
      expect(await storage.tenants.delete("public", "doomed")).toBe(false);
    });
  });
});
