import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import {
  decodeJwt,
  sha256Hex,
  startSessionTestCore,
  verifiesWithJwks,
  type SessionTestCore,
} from "../support/session";

describe.each(testEngines())("POST /recipe/session/regenerate (%s)", (engine) => {
  let t: SessionTestCore;
  beforeAll(async () => {
    t = await startSessionTestCore(engine);
  });
  afterAll(() => t.close());

  it("stores the new payload and re-signs the token with it, keeping its expiry", async () => {
    const created = await t.cdi.createSession({ userId: "g-1", userDataInJWT: { iss: "https://x", v: 1 } });
    t.clock.advance(60_000);
    const answer = await t.cdi.post("/recipe/session/regenerate", {
      accessToken: created.accessToken.token,
      userDataInJWT: { iss: "https://x", v: 2 },
    });
    expect(answer.body).toEqual({
      status: "OK",
      session: {
        handle: created.session.handle,
        userId: "g-1",
        recipeUserId: "g-1",
        userDataInJWT: { iss: "https://x", v: 2 },
        tenantId: "public",
      },
      accessToken: { token: expect.any(String), expiry: expect.any(Number), createdTime: expect.any(Number) },
    });
    const before = decodeJwt(created.accessToken.token).payload;
    const after = decodeJwt(answer.body.accessToken.token).payload;
    expect(after.exp).toBe(before.exp);
    expect(after.v).toBe(2);
    expect(after.refreshTokenHash1).toBe(sha256Hex(created.refreshToken.token));
    expect(after.sessionHandle).toBe(created.session.handle);
    expect(await verifiesWithJwks(t.core.url, answer.body.accessToken.token)).toBe(true);
    expect(
      (await t.cdi.get("/recipe/session", { sessionHandle: created.session.handle })).body.userDataInJWT,
    ).toEqual({ iss: "https://x", v: 2 });
  });

  it("updates only the database and returns no token for an expired access token", async () => {
    const created = await t.cdi.createSession({ userId: "g-expired", userDataInJWT: { v: 1 } });
    t.clock.advance(3600 * 1000 + 1000);
    const answer = await t.cdi.post("/recipe/session/regenerate", {
      accessToken: created.accessToken.token,
      userDataInJWT: { v: 3 },
    });
    expect(answer.body.status).toBe("OK");
    expect(answer.body.accessToken).toBeUndefined();
    expect(answer.body.session.userDataInJWT).toEqual({ v: 3 });
    expect(
      (await t.cdi.get("/recipe/session", { sessionHandle: created.session.handle })).body.userDataInJWT,
    ).toEqual({ v: 3 });
  });

  it("answers UNAUTHORISED for a removed session", async () => {
    const created = await t.cdi.createSession({ userId: "g-removed" });
    await t.cdi.post("/recipe/session/remove", { sessionHandles: [created.session.handle] });
    const answer = await t.cdi.post("/recipe/session/regenerate", {
      accessToken: created.accessToken.token,
      userDataInJWT: {},
    });
    expect(answer.body).toEqual({ status: "UNAUTHORISED", message: expect.any(String) });
  });

  it("answers UNAUTHORISED for a forged or garbage token and changes nothing", async () => {
    const created = await t.cdi.createSession({ userId: "g-forged", userDataInJWT: { v: 1 } });
    const [h, , s] = created.accessToken.token.split(".");
    const forgedPayload = { ...decodeJwt(created.accessToken.token).payload, v: 9 };
    const forged = `${h}.${Buffer.from(JSON.stringify(forgedPayload)).toString("base64url")}.${s}`;
    for (const token of [forged, "garbage"]) {
      const answer = await t.cdi.post("/recipe/session/regenerate", {
        accessToken: token,
        userDataInJWT: { v: 5 },
      });
      expect(answer.body.status).toBe("UNAUTHORISED");
    }
    expect(
      (await t.cdi.get("/recipe/session", { sessionHandle: created.session.handle })).body.userDataInJWT,
    ).toEqual({ v: 1 });
  });

  it("answers 400 for a protected claim and changes nothing", async () => {
    const created = await t.cdi.createSession({ userId: "g-protected", userDataInJWT: { v: 1 } });
    const answer = await t.cdi.post("/recipe/session/regenerate", {
      accessToken: created.accessToken.token,
      userDataInJWT: { exp: 1 },
    });
    expect(answer.status).toBe(400);
    expect(
      (await t.cdi.get("/recipe/session", { sessionHandle: created.session.handle })).body.userDataInJWT,
    ).toEqual({ v: 1 });
  });

  it("answers 400 for a missing accessToken or a non-object userDataInJWT", async () => {
    expect((await t.cdi.post("/recipe/session/regenerate", { userDataInJWT: {} })).status).toBe(400);
    expect(
      (await t.cdi.post("/recipe/session/regenerate", { accessToken: "x", userDataInJWT: "y" })).status,
    ).toBe(400);
  });
});
