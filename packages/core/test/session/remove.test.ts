import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startSessionTestCore, type SessionTestCore } from "../support/session";

describe.each(testEngines())("POST /recipe/session/remove and GET /recipe/session/user (%s)", (engine) => {
  let t: SessionTestCore;
  beforeAll(async () => {
    t = await startSessionTestCore(engine);
    await t.core.core.services.storage.tenants.create("public", "t1", Date.now());
  });
  afterAll(() => t.close());

  const user = () => `u-${randomUUID()}`;
  const sorted = (list: string[]) => [...list].sort();

  describe("remove by sessionHandles", () => {
    it("revokes the given handles (any tenant) and lists only those that existed", async () => {
      const userId = user();
      const s1 = await t.cdi.createSession({ userId });
      const s2 = await t.cdi.createSession({ userId, tenantId: "t1" });
      const s3 = await t.cdi.createSession({ userId });
      const unknown = randomUUID();
      const answer = await t.cdi.post("/recipe/session/remove", {
        sessionHandles: [s1.session.handle, s2.session.handle, unknown],
      });
      expect(answer.body).toEqual({ status: "OK", sessionHandlesRevoked: expect.any(Array) });
      expect(sorted(answer.body.sessionHandlesRevoked)).toEqual(
        sorted([s1.session.handle, s2.session.handle]),
      );
      const left = await t.cdi.get("/recipe/session/user", { userId, fetchAcrossAllTenants: "true" });
      expect(left.body.sessionHandles).toEqual([s3.session.handle]);
    });

    it("answers an empty list for an empty array", async () => {
      expect((await t.cdi.post("/recipe/session/remove", { sessionHandles: [] })).body).toEqual({
        status: "OK",
        sessionHandlesRevoked: [],
      });
    });
  });

  describe("remove by userId", () => {
    it("revokes across all tenants with revokeAcrossAllTenants true", async () => {
      const userId = user();
      const other = user();
      const s1 = await t.cdi.createSession({ userId });
      const s2 = await t.cdi.createSession({ userId, tenantId: "t1" });
      const kept = await t.cdi.createSession({ userId: other });
      const answer = await t.cdi.post("/recipe/session/remove", {
        userId,
        revokeAcrossAllTenants: true,
        revokeSessionsForLinkedAccounts: true,
      });
      expect(sorted(answer.body.sessionHandlesRevoked)).toEqual(
        sorted([s1.session.handle, s2.session.handle]),
      );
      expect((await t.cdi.get("/recipe/session", { sessionHandle: kept.session.handle })).body.status).toBe(
        "OK",
      );
    });

    it("revokes only the tenant's sessions under /<t>/recipe/session/remove with revokeAcrossAllTenants false", async () => {
      const userId = user();
      const pub = await t.cdi.createSession({ userId });
      const t1 = await t.cdi.createSession({ userId, tenantId: "t1" });
      const answer = await t.cdi.post("/t1/recipe/session/remove", {
        userId,
        revokeAcrossAllTenants: false,
        revokeSessionsForLinkedAccounts: true,
      });
      expect(answer.body).toEqual({ status: "OK", sessionHandlesRevoked: [t1.session.handle] });
      const onPublic = await t.cdi.post("/public/recipe/session/remove", {
        userId,
        revokeAcrossAllTenants: false,
      });
      expect(onPublic.body.sessionHandlesRevoked).toEqual([pub.session.handle]);
    });

    it("answers 403 for revokeAcrossAllTenants true under a non-public tenant, revoking nothing", async () => {
      const userId = user();
      const s = await t.cdi.createSession({ userId, tenantId: "t1" });
      const answer = await t.cdi.post("/t1/recipe/session/remove", { userId, revokeAcrossAllTenants: true });
      expect(answer.status).toBe(403);
      expect((await t.cdi.get("/recipe/session", { sessionHandle: s.session.handle })).body.status).toBe(
        "OK",
      );
    });
  });

  it.each([
    ["neither form", {}],
    ["both forms", { sessionHandles: [], userId: "x" }],
    ["a string sessionHandles", { sessionHandles: "h" }],
    ["a numeric handle", { sessionHandles: [1] }],
    ["a numeric userId", { userId: 1 }],
    ["a string revokeAcrossAllTenants", { userId: "x", revokeAcrossAllTenants: "true" }],
  ])("answers 400 for %s", async (_label, body) => {
    expect((await t.cdi.post("/recipe/session/remove", body)).status).toBe(400);
  });

  describe("GET /recipe/session/user", () => {
    it("lists a tenant's handles under /<t>/ and every tenant's with fetchAcrossAllTenants=true", async () => {
      const userId = user();
      const pub = await t.cdi.createSession({ userId });
      const t1 = await t.cdi.createSession({ userId, tenantId: "t1" });
      const inT1 = await t.cdi.get("/t1/recipe/session/user", {
        userId,
        fetchSessionsForAllLinkedAccounts: "true",
        fetchAcrossAllTenants: "false",
      });
      expect(inT1.body).toEqual({ status: "OK", sessionHandles: [t1.session.handle] });
      const all = await t.cdi.get("/recipe/session/user", {
        userId,
        fetchSessionsForAllLinkedAccounts: "true",
        fetchAcrossAllTenants: "true",
      });
      expect(sorted(all.body.sessionHandles)).toEqual(sorted([pub.session.handle, t1.session.handle]));
    });

    it("leaves out expired sessions", async () => {
      const userId = user();
      await t.cdi.createSession({ userId });
      t.clock.advance(144000 * 60_000 + 1);
      const fresh = await t.cdi.createSession({ userId });
      const all = await t.cdi.get("/recipe/session/user", { userId, fetchAcrossAllTenants: "true" });
      expect(all.body.sessionHandles).toEqual([fresh.session.handle]);
    });

    it("answers 403 for fetchAcrossAllTenants=true under a non-public tenant", async () => {
      expect(
        (await t.cdi.get("/t1/recipe/session/user", { userId: "x", fetchAcrossAllTenants: "true" })).status,
      ).toBe(403);
    });

    it("answers 400 without userId or with a non-boolean flag", async () => {
      expect((await t.cdi.get("/recipe/session/user", {})).status).toBe(400);
      expect(
        (await t.cdi.get("/recipe/session/user", { userId: "x", fetchAcrossAllTenants: "yes" })).status,
      ).toBe(400);
    });
  });
});
