import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import {
  decodeJwt,
  sha256Hex,
  startSessionTestCore,
  verifiesWithJwks,
  type SessionTestCore,
} from "../support/session";

const HOUR = 3600 * 1000;

function tamperPayload(token: string, change: Record<string, unknown>): string {
  const [h, p, s] = token.split(".");
  const payload = { ...JSON.parse(Buffer.from(p, "base64url").toString("utf8")), ...change };
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`;
}

describe.each(testEngines())("POST /recipe/session/verify (%s)", (engine) => {
  let t: SessionTestCore;
  beforeAll(async () => {
    t = await startSessionTestCore(engine);
  });
  afterAll(() => t.close());

  it("answers OK with the session from the token and no new access token", async () => {
    const created = await t.cdi.createSession({ userId: "v-ok", userDataInJWT: { k: "v" } });
    const answer = await t.cdi.verify(created.accessToken.token);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: "OK",
      session: {
        handle: created.session.handle,
        userId: "v-ok",
        recipeUserId: "v-ok",
        userDataInJWT: { k: "v" },
        tenantId: "public",
      },
    });
  });

  it("promotes the child refresh token on the first use of a refreshed access token and returns one without parentRefreshTokenHash1", async () => {
    const created = await t.cdi.createSession({ userId: "v-promote" });
    const refreshed = (await t.cdi.refresh(created.refreshToken.token)).body;
    expect(decodeJwt(refreshed.accessToken.token).payload.parentRefreshTokenHash1).toBe(
      sha256Hex(created.refreshToken.token),
    );

    const answer = await t.cdi.verify(refreshed.accessToken.token);
    expect(answer.body.status).toBe("OK");
    const fresh = decodeJwt(answer.body.accessToken.token).payload;
    expect(fresh.parentRefreshTokenHash1).toBeNull();
    expect(fresh.refreshTokenHash1).toBe(sha256Hex(refreshed.refreshToken.token));
    expect(answer.body.accessToken.expiry).toBe(answer.body.accessToken.createdTime + HOUR);
    expect(await verifiesWithJwks(t.core.url, answer.body.accessToken.token)).toBe(true);

    // Promoted: the parent is now superseded (outside any grace window it would be theft),
    // the child refreshes as the current token.
    t.clock.advance(60_000);
    expect((await t.cdi.refresh(created.refreshToken.token)).body.status).toBe("TOKEN_THEFT_DETECTED");
  });

  it("answers UNAUTHORISED with checkDatabase when the session was removed", async () => {
    const created = await t.cdi.createSession({ userId: "v-removed" });
    await t.cdi.post("/recipe/session/remove", { sessionHandles: [created.session.handle] });
    const answer = await t.cdi.verify(created.accessToken.token, { checkDatabase: true });
    expect(answer.body).toEqual({
      status: "UNAUTHORISED",
      message: expect.stringContaining("Session does not exist"),
    });
  });

  it("answers UNAUTHORISED for a refreshed access token whose session was removed", async () => {
    const created = await t.cdi.createSession({ userId: "v-removed-prt" });
    const refreshed = (await t.cdi.refresh(created.refreshToken.token)).body;
    await t.cdi.post("/recipe/session/remove", { sessionHandles: [created.session.handle] });
    expect((await t.cdi.verify(refreshed.accessToken.token)).body.status).toBe("UNAUTHORISED");
  });

  it("returns a new access token with the stored payload when checkDatabase finds it changed", async () => {
    const created = await t.cdi.createSession({ userId: "v-payload", userDataInJWT: { v: 1 } });
    await t.cdi.put("/recipe/jwt/data", { sessionHandle: created.session.handle, userDataInJWT: { v: 2 } });
    const answer = await t.cdi.verify(created.accessToken.token, { checkDatabase: true });
    expect(answer.body.session.userDataInJWT).toEqual({ v: 2 });
    expect(decodeJwt(answer.body.accessToken.token).payload.v).toBe(2);
  });

  it("returns no new access token with checkDatabase when nothing changed", async () => {
    const created = await t.cdi.createSession({ userId: "v-same", userDataInJWT: { a: { b: 1, c: 2 } } });
    const answer = await t.cdi.verify(created.accessToken.token, { checkDatabase: true });
    expect(answer.body.status).toBe("OK");
    expect(answer.body.accessToken).toBeUndefined();
  });

  it("answers TRY_REFRESH_TOKEN for an expired access token", async () => {
    const created = await t.cdi.createSession({ userId: "v-expired" });
    t.clock.advance(HOUR + 1000);
    const answer = await t.cdi.verify(created.accessToken.token);
    expect(answer.body).toEqual({ status: "TRY_REFRESH_TOKEN", message: expect.any(String) });
  });

  it("answers TRY_REFRESH_TOKEN for a token whose payload was altered", async () => {
    const created = await t.cdi.createSession({ userId: "v-tamper" });
    const answer = await t.cdi.verify(
      tamperPayload(created.accessToken.token, { sub: "mallory", rsub: "mallory" }),
    );
    expect(answer.body.status).toBe("TRY_REFRESH_TOKEN");
  });

  it("answers TRY_REFRESH_TOKEN for an unknown kid", async () => {
    const created = await t.cdi.createSession({ userId: "v-kid" });
    const [, p, s] = created.accessToken.token.split(".");
    const header = Buffer.from(
      JSON.stringify({ alg: "RS256", typ: "JWT", kid: "d-1", version: "5" }),
    ).toString("base64url");
    expect((await t.cdi.verify(`${header}.${p}.${s}`)).body.status).toBe("TRY_REFRESH_TOKEN");
  });

  it.each(["garbage", "a.b.c", "", "eyJhbGciOiJub25lIn0.e30."])(
    "answers TRY_REFRESH_TOKEN for the non-token %j",
    async (token) => {
      const answer = await t.cdi.verify(token);
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe("TRY_REFRESH_TOKEN");
    },
  );

  it("answers TRY_REFRESH_TOKEN when the anti-CSRF token does not match and the check is asked for", async () => {
    const created = await t.cdi.createSession({ userId: "v-csrf", enableAntiCsrf: true });
    const wrong = await t.cdi.verify(created.accessToken.token, {
      enableAntiCsrf: true,
      doAntiCsrfCheck: true,
      antiCsrfToken: "nope",
    });
    expect(wrong.body.status).toBe("TRY_REFRESH_TOKEN");
    const missing = await t.cdi.verify(created.accessToken.token, {
      enableAntiCsrf: true,
      doAntiCsrfCheck: true,
    });
    expect(missing.body.status).toBe("TRY_REFRESH_TOKEN");
    const right = await t.cdi.verify(created.accessToken.token, {
      enableAntiCsrf: true,
      doAntiCsrfCheck: true,
      antiCsrfToken: created.antiCsrfToken,
    });
    expect(right.body.status).toBe("OK");
    const unchecked = await t.cdi.verify(created.accessToken.token, {
      enableAntiCsrf: true,
      doAntiCsrfCheck: false,
    });
    expect(unchecked.body.status).toBe("OK");
  });

  it("verifies static-key tokens", async () => {
    const created = await t.cdi.createSession({ userId: "v-static", useDynamicSigningKey: false });
    const refreshed = (await t.cdi.refresh(created.refreshToken.token, { useDynamicSigningKey: false })).body;
    const answer = await t.cdi.verify(refreshed.accessToken.token);
    expect(answer.body.status).toBe("OK");
    expect(decodeJwt(answer.body.accessToken.token).header.kid).toMatch(/^s-/);
  });

  it.each([
    ["a missing accessToken", {}],
    ["a numeric accessToken", { accessToken: 1 }],
    ["a string checkDatabase", { accessToken: "x", checkDatabase: "yes" }],
  ])("answers 400 for %s", async (_label, body) => {
    expect((await t.cdi.post("/recipe/session/verify", body)).status).toBe(400);
  });
});
