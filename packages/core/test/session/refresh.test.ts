import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import {
  decodeJwt,
  sha256Hex,
  startSessionTestCore,
  verifiesWithJwks,
  type SessionTestCore,
} from "../support/session";

const MINUTE = 60_000;

function flipCharacter(token: string, index: number): string {
  const c = token[index];
  return token.slice(0, index) + (c === "A" ? "B" : "A") + token.slice(index + 1);
}

describe.each(testEngines())("POST /recipe/session/refresh (%s)", (engine) => {
  let t: SessionTestCore;
  beforeAll(async () => {
    t = await startSessionTestCore(engine);
    await t.core.core.services.storage.tenants.create("public", "t1", Date.now());
  });
  afterAll(() => t.close());

  it("answers OK with the create shape: a child refresh token and an access token naming its parent", async () => {
    const created = await t.cdi.createSession({
      userId: "r-shape",
      userDataInJWT: { iss: "https://x", k: 1 },
    });
    const answer = await t.cdi.refresh(created.refreshToken.token);
    expect(answer.status).toBe(200);
    const body = answer.body;
    expect(Object.keys(body).sort()).toEqual(["accessToken", "refreshToken", "session", "status"]);
    expect(body.session).toEqual(created.session);
    expect(body.refreshToken.token).not.toBe(created.refreshToken.token);
    expect(body.refreshToken.expiry).toBe(body.refreshToken.createdTime + 144000 * MINUTE);
    const { header, payload } = decodeJwt(body.accessToken.token);
    expect(header.version).toBe("5");
    expect(payload).toMatchObject({
      sub: "r-shape",
      rsub: "r-shape",
      iss: "https://x",
      k: 1,
      sessionHandle: created.session.handle,
      refreshTokenHash1: sha256Hex(body.refreshToken.token),
      parentRefreshTokenHash1: sha256Hex(created.refreshToken.token),
      antiCsrfToken: null,
    });
    expect(await verifiesWithJwks(t.core.url, body.accessToken.token)).toBe(true);
  });

  it("never stores a refresh token, only sha256(sha256(token))", async () => {
    const created = await t.cdi.createSession({ userId: "r-hash" });
    const record = await t.core.core.services.storage.sessions.get(
      "public",
      "public",
      created.session.handle,
    );
    expect(record?.refreshTokenHash2).toBe(sha256Hex(sha256Hex(created.refreshToken.token)));
    expect(JSON.stringify(record)).not.toContain(created.refreshToken.token);
  });

  it("case A: refreshing with the current token writes nothing, so it can be repeated", async () => {
    const created = await t.cdi.createSession({ userId: "r-case-a" });
    const before = await t.core.core.services.storage.sessions.get(
      "public",
      "public",
      created.session.handle,
    );
    const first = await t.cdi.refresh(created.refreshToken.token);
    const second = await t.cdi.refresh(created.refreshToken.token);
    expect([first.body.status, second.body.status]).toEqual(["OK", "OK"]);
    expect(
      await t.core.core.services.storage.sessions.get("public", "public", created.session.handle),
    ).toEqual(before);
  });

  it("case B: refreshing with a child promotes it and extends the session", async () => {
    const created = await t.cdi.createSession({ userId: "r-case-b" });
    const child = (await t.cdi.refresh(created.refreshToken.token)).body;
    t.clock.advance(MINUTE);
    const before = t.clock.now();
    const grandchild = await t.cdi.refresh(child.refreshToken.token);
    const after = t.clock.now();
    expect(grandchild.body.status).toBe("OK");
    const record = await t.core.core.services.storage.sessions.get(
      "public",
      "public",
      created.session.handle,
    );
    expect(record?.refreshTokenHash2).toBe(sha256Hex(sha256Hex(child.refreshToken.token)));
    expect(record?.prevRefreshTokenHash2).toBe(sha256Hex(sha256Hex(created.refreshToken.token)));
    expect(record?.refreshTokenRotatedAt).toBeGreaterThanOrEqual(before);
    expect(record?.refreshTokenRotatedAt).toBeLessThanOrEqual(after);
    expect(record?.expiresAt).toBeGreaterThanOrEqual(before + 144000 * MINUTE);
    expect(record?.expiresAt).toBeGreaterThan(created.refreshToken.expiry);
    expect(decodeJwt(grandchild.body.accessToken.token).payload.parentRefreshTokenHash1).toBe(
      sha256Hex(child.refreshToken.token),
    );
  });

  it("keeps the tenant of a non-public session", async () => {
    const created = await t.cdi.createSession({ userId: "r-tenant", tenantId: "t1" });
    const answer = await t.cdi.refresh(created.refreshToken.token);
    expect(answer.body.session.tenantId).toBe("t1");
    expect(decodeJwt(answer.body.accessToken.token).payload.tId).toBe("t1");
  });

  it("carries the stored payload, including changes made after creation", async () => {
    const created = await t.cdi.createSession({ userId: "r-payload", userDataInJWT: { v: 1 } });
    await t.cdi.put("/recipe/jwt/data", { sessionHandle: created.session.handle, userDataInJWT: { v: 2 } });
    const answer = await t.cdi.refresh(created.refreshToken.token);
    expect(answer.body.session.userDataInJWT).toEqual({ v: 2 });
    expect(decodeJwt(answer.body.accessToken.token).payload.v).toBe(2);
  });

  it("switches to a static key and records it when useDynamicSigningKey becomes false", async () => {
    const created = await t.cdi.createSession({ userId: "r-static" });
    const answer = await t.cdi.refresh(created.refreshToken.token, { useDynamicSigningKey: false });
    expect(decodeJwt(answer.body.accessToken.token).header.kid).toMatch(/^s-/);
    const record = await t.core.core.services.storage.sessions.get(
      "public",
      "public",
      created.session.handle,
    );
    expect(record?.useStaticKey).toBe(true);
  });

  it("issues a fresh anti-CSRF token and checks the one in the refresh token", async () => {
    const created = await t.cdi.createSession({ userId: "r-csrf", enableAntiCsrf: true });
    const wrong = await t.cdi.refresh(created.refreshToken.token, {
      enableAntiCsrf: true,
      antiCsrfToken: "wrong",
    });
    expect(wrong.body.status).toBe("UNAUTHORISED");
    const missing = await t.cdi.refresh(created.refreshToken.token, { enableAntiCsrf: true });
    expect(missing.body.status).toBe("UNAUTHORISED");
    const right = await t.cdi.refresh(created.refreshToken.token, {
      enableAntiCsrf: true,
      antiCsrfToken: created.antiCsrfToken,
    });
    expect(right.body.status).toBe("OK");
    expect(right.body.antiCsrfToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(right.body.antiCsrfToken).not.toBe(created.antiCsrfToken);
    expect(decodeJwt(right.body.accessToken.token).payload.antiCsrfToken).toBe(right.body.antiCsrfToken);
  });

  it("answers UNAUTHORISED for a tampered refresh token (any byte)", async () => {
    const created = await t.cdi.createSession({ userId: "r-tamper" });
    const token: string = created.refreshToken.token;
    for (const index of [0, 5, 20, Math.floor(token.length / 2), token.length - 6]) {
      const answer = await t.cdi.refresh(flipCharacter(token, index));
      expect(answer.body).toEqual({ status: "UNAUTHORISED", message: expect.any(String) });
    }
  });

  it.each(["garbage", "", "x.p1", "....", "a".repeat(5000)])(
    "answers UNAUTHORISED for the non-token %j",
    async (token) => {
      const answer = await t.cdi.refresh(token);
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe("UNAUTHORISED");
    },
  );

  it("answers UNAUTHORISED once the session has expired", async () => {
    const created = await t.cdi.createSession({ userId: "r-expired" });
    t.clock.advance(144000 * MINUTE + 1);
    expect((await t.cdi.refresh(created.refreshToken.token)).body.status).toBe("UNAUTHORISED");
  });

  it("answers UNAUTHORISED once the session was removed", async () => {
    const created = await t.cdi.createSession({ userId: "r-removed" });
    await t.cdi.post("/recipe/session/remove", { sessionHandles: [created.session.handle] });
    expect((await t.cdi.refresh(created.refreshToken.token)).body.status).toBe("UNAUTHORISED");
  });

  it("five concurrent refreshes with one refresh token all succeed", async () => {
    const created = await t.cdi.createSession({ userId: "r-concurrent" });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.cdi.refresh(created.refreshToken.token)),
    );
    expect(answers.map((a) => a.body.status)).toEqual(["OK", "OK", "OK", "OK", "OK"]);
  });

  it("five concurrent refreshes with one child token (racing promotions) all succeed", async () => {
    const created = await t.cdi.createSession({ userId: "r-concurrent-child" });
    const child = (await t.cdi.refresh(created.refreshToken.token)).body;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.cdi.refresh(child.refreshToken.token)),
    );
    expect(answers.map((a) => a.body.status)).toEqual(["OK", "OK", "OK", "OK", "OK"]);
    const record = await t.core.core.services.storage.sessions.get(
      "public",
      "public",
      created.session.handle,
    );
    expect(record?.refreshTokenHash2).toBe(sha256Hex(sha256Hex(child.refreshToken.token)));
  });

  it.each([
    ["a missing refreshToken", { enableAntiCsrf: false, useDynamicSigningKey: true }],
    ["a missing enableAntiCsrf", { refreshToken: "x", useDynamicSigningKey: true }],
    ["a missing useDynamicSigningKey", { refreshToken: "x", enableAntiCsrf: false }],
    ["a numeric refreshToken", { refreshToken: 1, enableAntiCsrf: false, useDynamicSigningKey: true }],
    [
      "a numeric antiCsrfToken",
      { refreshToken: "x", antiCsrfToken: 1, enableAntiCsrf: true, useDynamicSigningKey: true },
    ],
  ])("answers 400 for %s", async (_label, body) => {
    expect((await t.cdi.post("/recipe/session/refresh", body)).status).toBe(400);
  });
});
