import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import {
  decodeJwt,
  sha256Hex,
  startSessionTestCore,
  verifiesWithJwks,
  type SessionTestCore,
} from "../support/session";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(testEngines())("POST /<t>/recipe/session (%s)", (engine) => {
  let t: SessionTestCore;
  beforeAll(async () => {
    t = await startSessionTestCore(engine);
    await t.core.core.services.storage.tenants.create("public", "t1", Date.now());
  });
  afterAll(() => t.close());

  it("answers OK with session, accessToken, refreshToken and no antiCsrfToken by default", async () => {
    const before = t.clock.now();
    const body = await t.cdi.createSession({
      userId: "alice",
      userDataInJWT: { iss: "https://api.example.com/auth", role: "admin" },
    });
    expect(Object.keys(body).sort()).toEqual(["accessToken", "refreshToken", "session", "status"]);
    expect(body.session).toEqual({
      handle: expect.stringMatching(UUID_V4),
      userId: "alice",
      recipeUserId: "alice",
      userDataInJWT: { iss: "https://api.example.com/auth", role: "admin" },
      tenantId: "public",
    });
    expect(body.accessToken.createdTime).toBeGreaterThanOrEqual(before);
    expect(body.accessToken.expiry).toBe(body.accessToken.createdTime + 3600 * 1000);
    expect(body.refreshToken.expiry).toBe(body.refreshToken.createdTime + 144000 * 60 * 1000);
    expect(typeof body.refreshToken.token).toBe("string");
  });

  it("signs a v5 access token whose header and payload match the notes exactly", async () => {
    const body = await t.cdi.createSession({
      userId: "bob",
      userDataInJWT: { iss: "https://api.example.com/auth", n: 1 },
    });
    const { header, payload } = decodeJwt(body.accessToken.token);
    expect(header).toEqual({ alg: "RS256", typ: "JWT", kid: expect.stringMatching(/^d-\d+$/), version: "5" });
    expect(payload).toEqual({
      iss: "https://api.example.com/auth",
      n: 1,
      sub: "bob",
      rsub: "bob",
      tId: "public",
      sessionHandle: body.session.handle,
      refreshTokenHash1: sha256Hex(body.refreshToken.token),
      parentRefreshTokenHash1: null,
      antiCsrfToken: null,
      iat: Math.floor(body.accessToken.createdTime / 1000),
      exp: Math.floor(body.accessToken.expiry / 1000),
    });
    expect(await verifiesWithJwks(t.core.url, body.accessToken.token)).toBe(true);
  });

  it("uses a static key (kid s-…) when useDynamicSigningKey is false", async () => {
    const body = await t.cdi.createSession({ userId: "carol", useDynamicSigningKey: false });
    expect(decodeJwt(body.accessToken.token).header.kid).toMatch(/^s-/);
    expect(await verifiesWithJwks(t.core.url, body.accessToken.token)).toBe(true);
  });

  it("returns a UUIDv4 anti-CSRF token, also in the access token, when enableAntiCsrf is true", async () => {
    const body = await t.cdi.createSession({ userId: "dave", enableAntiCsrf: true });
    expect(body.antiCsrfToken).toMatch(UUID_V4);
    expect(decodeJwt(body.accessToken.token).payload.antiCsrfToken).toBe(body.antiCsrfToken);
  });

  it("suffixes the handle with the tenant for a non-public tenant", async () => {
    const body = await t.cdi.createSession({ userId: "erin", tenantId: "t1" });
    expect(body.session.handle).toMatch(new RegExp(`^${UUID_V4.source.slice(1, -1)}_t1$`));
    expect(body.session.tenantId).toBe("t1");
    expect(decodeJwt(body.accessToken.token).payload.tId).toBe("t1");
  });

  it("stores userDataInDatabase and userDataInJWT", async () => {
    const body = await t.cdi.createSession({
      userId: "frank",
      userDataInDatabase: { plan: "pro" },
      userDataInJWT: { a: [1, 2] },
    });
    const info = await t.cdi.get("/recipe/session", { sessionHandle: body.session.handle });
    expect(info.body.userDataInDatabase).toEqual({ plan: "pro" });
    expect(info.body.userDataInJWT).toEqual({ a: [1, 2] });
  });

  it.each([
    "sub",
    "iat",
    "exp",
    "sessionHandle",
    "refreshTokenHash1",
    "parentRefreshTokenHash1",
    "antiCsrfToken",
    "rsub",
    "tId",
    "stt",
  ])("rejects a custom claim named %s with 400 and creates nothing", async (claim) => {
    const userId = `collide-${randomUUID()}`;
    const answer = await t.cdi.post("/public/recipe/session", {
      userId,
      userDataInJWT: { [claim]: "x" },
      userDataInDatabase: {},
      enableAntiCsrf: false,
      useDynamicSigningKey: true,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(claim);
    const handles = await t.cdi.get("/public/recipe/session/user", { userId, fetchAcrossAllTenants: "true" });
    expect(handles.body.sessionHandles).toEqual([]);
  });

  it("takes a userId of 128 characters (the column's width), counting non-ASCII as one each", async () => {
    const userId = `${"é".repeat(100)}${"😀".repeat(20)}${randomUUID().slice(0, 8)}`;
    expect([...userId]).toHaveLength(128);
    const body = await t.cdi.createSession({ userId });
    expect(body.session.userId).toBe(userId);
    const info = await t.cdi.get("/recipe/session", { sessionHandle: body.session.handle });
    expect(info.body.userId).toBe(userId);
  });

  it("answers 400 for a userId over 128 characters, creates nothing, and other creates still succeed", async () => {
    const userId = `long-${randomUUID()}-${"x".repeat(128)}`;
    const [long, ...others] = await Promise.all([
      t.cdi.post("/public/recipe/session", { userId, userDataInJWT: {}, userDataInDatabase: {} }),
      ...[1, 2, 3].map((i) =>
        t.cdi.post("/public/recipe/session", {
          userId: `beside-long-${i}`,
          userDataInJWT: {},
          userDataInDatabase: {},
        }),
      ),
    ]);
    expect(long.status).toBe(400);
    expect(long.body).toBe("Field name 'userId' is invalid in JSON input: at most 128 characters");
    for (const other of others) expect(other.body.status).toBe("OK");
    const handles = await t.cdi.get("/public/recipe/session/user", { userId, fetchAcrossAllTenants: "true" });
    expect(handles.body.sessionHandles).toEqual([]);
  });

  it("accepts iss in userDataInJWT (the SDK adds it)", async () => {
    const body = await t.cdi.createSession({ userId: "gina", userDataInJWT: { iss: "https://x" } });
    expect(decodeJwt(body.accessToken.token).payload.iss).toBe("https://x");
  });

  it.each([
    ["a missing userId", { userDataInJWT: {}, userDataInDatabase: {} }],
    ["an empty userId", { userId: "" }],
    ["a numeric userId", { userId: 5 }],
    ["an array userDataInJWT", { userId: "u", userDataInJWT: [] }],
    ["a string userDataInDatabase", { userId: "u", userDataInDatabase: "x" }],
    ["a string enableAntiCsrf", { userId: "u", enableAntiCsrf: "true" }],
    ["a string useDynamicSigningKey", { userId: "u", useDynamicSigningKey: "false" }],
  ])("answers 400 for %s", async (_label, body) => {
    const answer = await t.cdi.post("/public/recipe/session", body);
    expect(answer.status).toBe(400);
    expect(typeof answer.body).toBe("string");
  });
});

describe.each(testEngines())("access token expiry jitter (%s)", (engine) => {
  let t: SessionTestCore;
  beforeAll(async () => {
    t = await startSessionTestCore(engine, {
      access_token_validity: 1000,
      access_token_validity_jitter: 0.5,
    });
  });
  afterAll(() => t.close());

  it("shortens the access token's validity by at most access_token_validity_jitter × validity", async () => {
    const lifetimes = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const body = await t.cdi.createSession({ userId: `jitter-${i}` });
      const lifetime = body.accessToken.expiry - body.accessToken.createdTime;
      expect(lifetime).toBeGreaterThanOrEqual(500_000);
      expect(lifetime).toBeLessThanOrEqual(1_000_000);
      expect(decodeJwt(body.accessToken.token).payload.exp).toBe(Math.floor(body.accessToken.expiry / 1000));
      lifetimes.add(lifetime);
    }
    // 8 draws from 500 001 values: all equal would mean no jitter is applied.
    expect(lifetimes.size).toBeGreaterThan(1);
  });
});
