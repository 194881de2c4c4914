/**
 * Which app and tenant a call may use (docs/protocol/cdi.md §2, §3 "Conventions"): app-level APIs only
 * under the public tenant; tenant-level APIs only for tenants that exist.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { testEngines } from "../support/databases";
import { call } from "./support/cdi";
import { addTenant } from "./support/tenants";
import { createTestRoutes } from "./support/test-routes";

describe.each(testEngines())("tenant and app checks (%s)", (engine) => {
  let core: TestCore;
  beforeAll(async () => {
    core = await startTestCore({ engine, routes: createTestRoutes().routes });
    await addTenant(core.core.config, "public", "t1");
    await addTenant(core.core.config, "app1", "public");
  });
  afterAll(() => core?.close());

  describe("app-level API under a tenant", () => {
    it("answers 403 under a non-public tenant, even one that exists", async () => {
      const answer = await call(core.url + "/t1/test/app-scope");
      expect(answer.status).toBe(403);
      expect(answer.contentType).toMatch(/^text\/plain/);
      expect(answer.text).toBe("Only public tenantId can call this app specific API");
    });

    it("answers 403 for /apiversion under a tenant", async () => {
      const answer = await call(core.url + "/t1/apiversion");
      expect(answer.status).toBe(403);
      expect(answer.text).toBe("Only public tenantId can call this app specific API");
    });

    it("serves it under the explicit public tenant", async () => {
      const answer = await call(core.url + "/public/test/app-scope");
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ status: "OK", appId: "public", tenantId: "public", tenantGiven: false });
    });

    it("serves it for another app that exists", async () => {
      const answer = await call(core.url + "/appid-app1/test/app-scope");
      expect(answer.json).toMatchObject({ appId: "app1", tenantId: "public" });
    });
  });

  describe("unknown app or tenant", () => {
    it("answers 400 'AppId or tenantId not found' for a tenant that does not exist", async () => {
      const answer = await call(core.url + "/nosuch/test/scope");
      expect(answer.status).toBe(400);
      expect(answer.contentType).toMatch(/^text\/plain/);
      expect(answer.text).toMatch(/^AppId or tenantId not found => .*nosuch/);
    });

    it("answers 400 for an app that does not exist, on tenant and app-level APIs", async () => {
      for (const path of [
        "/appid-nosuch/test/scope",
        "/appid-nosuch/test/app-scope",
        "/appid-nosuch/apiversion",
      ]) {
        const answer = await call(core.url + path);
        expect(answer.status, path).toBe(400);
        expect(answer.text, path).toMatch(/^AppId or tenantId not found => /);
      }
    });

    it("answers 400 for a tenant that exists only in another app", async () => {
      const answer = await call(core.url + "/appid-app1/t1/test/scope");
      expect(answer.status).toBe(400);
    });

    it("serves a tenant once it exists", async () => {
      expect((await call(core.url + "/t1/test/scope")).json).toMatchObject({ tenantId: "t1" });
    });
  });
});
