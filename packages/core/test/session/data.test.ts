import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startSessionTestCore, type SessionTestCore } from "../support/session";

describe.each(testEngines())("session information and data (%s)", (engine) => {
  let t: SessionTestCore;
  beforeAll(async () => {
    t = await startSessionTestCore(engine);
    await t.core.core.services.storage.tenants.create("public", "t1", Date.now());
  });
  afterAll(() => t.close());

  describe("GET /recipe/session", () => {
    it("answers every field of the session", async () => {
      const created = await t.cdi.createSession({
        userId: "i-1",
        tenantId: "t1",
        userDataInJWT: { j: 1 },
        userDataInDatabase: { d: 2 },
      });
      const answer = await t.cdi.get("/recipe/session", { sessionHandle: created.session.handle });
      expect(answer.body).toEqual({
        status: "OK",
        sessionHandle: created.session.handle,
        userId: "i-1",
        recipeUserId: "i-1",
        userDataInDatabase: { d: 2 },
        userDataInJWT: { j: 1 },
        expiry: created.refreshToken.expiry,
        timeCreated: expect.any(Number),
        tenantId: "t1",
      });
      expect(answer.body.timeCreated).toBeLessThanOrEqual(created.accessToken.createdTime);
    });

    it("answers UNAUTHORISED for an unknown handle", async () => {
      const answer = await t.cdi.get("/recipe/session", {
        sessionHandle: "00000000-0000-4000-8000-000000000000",
      });
      expect(answer.body).toEqual({
        status: "UNAUTHORISED",
        message: expect.stringContaining("Session does not exist"),
      });
    });

    it("answers UNAUTHORISED for an expired session", async () => {
      const created = await t.cdi.createSession({ userId: "i-expired" });
      t.clock.advance(144000 * 60_000 + 1);
      expect(
        (await t.cdi.get("/recipe/session", { sessionHandle: created.session.handle })).body.status,
      ).toBe("UNAUTHORISED");
    });

    it("answers 400 without sessionHandle", async () => {
      expect((await t.cdi.get("/recipe/session", {})).status).toBe(400);
    });

    it("answers 403 under a non-public tenant (app-level API)", async () => {
      expect((await t.cdi.get("/t1/recipe/session", { sessionHandle: "x" })).status).toBe(403);
    });
  });

  describe("PUT /recipe/session/data", () => {
    it("replaces userDataInDatabase", async () => {
      const created = await t.cdi.createSession({
        userId: "d-1",
        tenantId: "t1",
        userDataInDatabase: { a: 1 },
      });
      const answer = await t.cdi.put("/recipe/session/data", {
        sessionHandle: created.session.handle,
        userDataInDatabase: { b: 2 },
      });
      expect(answer.body).toEqual({ status: "OK" });
      expect(
        (await t.cdi.get("/recipe/session", { sessionHandle: created.session.handle })).body
          .userDataInDatabase,
      ).toEqual({ b: 2 });
    });

    it("answers UNAUTHORISED for an unknown session", async () => {
      const answer = await t.cdi.put("/recipe/session/data", {
        sessionHandle: "nope",
        userDataInDatabase: {},
      });
      expect(answer.body).toEqual({ status: "UNAUTHORISED", message: expect.any(String) });
    });

    it.each([
      ["a missing userDataInDatabase", { sessionHandle: "x" }],
      ["an array userDataInDatabase", { sessionHandle: "x", userDataInDatabase: [] }],
      ["a numeric sessionHandle", { sessionHandle: 1, userDataInDatabase: {} }],
    ])("answers 400 for %s", async (_label, body) => {
      expect((await t.cdi.put("/recipe/session/data", body)).status).toBe(400);
    });
  });

  describe("PUT /recipe/jwt/data", () => {
    it("replaces userDataInJWT", async () => {
      const created = await t.cdi.createSession({ userId: "j-1", userDataInJWT: { a: 1 } });
      const answer = await t.cdi.put("/recipe/jwt/data", {
        sessionHandle: created.session.handle,
        userDataInJWT: { b: 2 },
      });
      expect(answer.body).toEqual({ status: "OK" });
      expect(
        (await t.cdi.get("/recipe/session", { sessionHandle: created.session.handle })).body.userDataInJWT,
      ).toEqual({ b: 2 });
    });

    it("answers UNAUTHORISED for an unknown session", async () => {
      expect(
        (await t.cdi.put("/recipe/jwt/data", { sessionHandle: "nope", userDataInJWT: {} })).body.status,
      ).toBe("UNAUTHORISED");
    });

    it("answers 400 for a protected claim and changes nothing", async () => {
      const created = await t.cdi.createSession({ userId: "j-2", userDataInJWT: { a: 1 } });
      const answer = await t.cdi.put("/recipe/jwt/data", {
        sessionHandle: created.session.handle,
        userDataInJWT: { sub: "x" },
      });
      expect(answer.status).toBe(400);
      expect(
        (await t.cdi.get("/recipe/session", { sessionHandle: created.session.handle })).body.userDataInJWT,
      ).toEqual({ a: 1 });
    });

    it("answers 400 without userDataInJWT", async () => {
      expect((await t.cdi.put("/recipe/jwt/data", { sessionHandle: "x" })).status).toBe(400);
    });
  });
});
