import { createPublicKey, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Session from "../../src/recipe/session/index";
import SessionDefault from "../../src/recipe/session/index";
import RecipeUserId from "../../src/recipe-user-id";
import SuperTokensError from "../../src/error";
import { getAllCORSHeaders } from "../../src/index";
import {
  API_DOMAIN,
  Browser,
  decodeJWTPayload,
  startSessionApp,
  type SessionApp,
} from "../support/session-app";

let app: SessionApp;

beforeAll(async () => {
  app = await startSessionApp();
});
afterAll(async () => {
  await app?.close();
});

describe("createNewSessionWithoutRequestResponse", () => {
  it("gives a session verified from the same token its own payload object", async () => {
    const created = await Session.createNewSessionWithoutRequestResponse(
      "public",
      new RecipeUserId("f-own"),
      {
        a: 1,
      },
    );
    const verified = await Session.getSessionWithoutRequestResponse(created.getAccessToken(), undefined, {
      antiCsrfCheck: false,
    });
    expect(verified.getAccessTokenPayload()).not.toBe(created.getAccessTokenPayload());
    created.getAccessTokenPayload().a = 2;
    expect(verified.getAccessTokenPayload().a).toBe(1);
  });

  it("creates a session whose tokens verify with getSessionWithoutRequestResponse", async () => {
    const session = await Session.createNewSessionWithoutRequestResponse(
      "public",
      new RecipeUserId("f-1"),
      { a: 1 },
      { db: true },
    );
    const tokens = session.getAllSessionTokensDangerously();
    expect(tokens.accessAndFrontTokenUpdated).toBe(true);
    expect(tokens.refreshToken).toBeTruthy();
    expect(decodeJWTPayload(tokens.accessToken).iss).toBe(`${API_DOMAIN}/auth`);
    const verified = await Session.getSessionWithoutRequestResponse(tokens.accessToken, undefined, {
      antiCsrfCheck: false,
    });
    expect(verified.getUserId()).toBe("f-1");
    expect(verified.getAccessTokenPayload().a).toBe(1);
    expect(await verified.getSessionDataFromDatabase()).toEqual({ db: true });
  });
});

describe("getSessionWithoutRequestResponse", () => {
  it("throws UNAUTHORISED for a missing token, or returns undefined with sessionRequired false", async () => {
    await expect(Session.getSessionWithoutRequestResponse(undefined as any)).rejects.toMatchObject({
      type: "UNAUTHORISED",
    });
    expect(
      await Session.getSessionWithoutRequestResponse("garbage", undefined, { sessionRequired: false }),
    ).toBeUndefined();
  });

  it("throws a Session.Error recognised through errMagic for a bad token", async () => {
    const err = await Session.getSessionWithoutRequestResponse("a.b.c").catch((e) => e);
    expect(SuperTokensError.isErrorFromSuperTokens(err)).toBe(true);
    expect(err.type).toBe(Session.Error.UNAUTHORISED);
    expect(err.payload).toEqual({ clearTokens: false });
  });
});

describe("refreshSessionWithoutRequestResponse", () => {
  it("rotates the tokens", async () => {
    const session = await Session.createNewSessionWithoutRequestResponse("public", new RecipeUserId("f-2"));
    const { refreshToken } = session.getAllSessionTokensDangerously();
    const refreshed = await Session.refreshSessionWithoutRequestResponse(refreshToken!, true);
    expect(refreshed.getHandle()).toBe(session.getHandle());
    expect(refreshed.getAllSessionTokensDangerously().refreshToken).not.toBe(refreshToken);
  });

  it("throws UNAUTHORISED for an unknown refresh token", async () => {
    await expect(Session.refreshSessionWithoutRequestResponse("nope", true)).rejects.toMatchObject({
      type: "UNAUTHORISED",
    });
  });
});

describe("session information and revocation", () => {
  it("getSessionInformation returns the stored session", async () => {
    const session = await Session.createNewSessionWithoutRequestResponse(
      "public",
      new RecipeUserId("f-3"),
      { p: 1 },
      { d: 2 },
    );
    const info = await Session.getSessionInformation(session.getHandle());
    expect(info).toMatchObject({
      sessionHandle: session.getHandle(),
      userId: "f-3",
      sessionDataInDatabase: { d: 2 },
      tenantId: "public",
    });
    expect(info!.recipeUserId.getAsString()).toBe("f-3");
    expect(info!.customClaimsInAccessTokenPayload.p).toBe(1);
    expect(info!.expiry).toBeGreaterThan(Date.now());
    expect(await session.getTimeCreated()).toBe(info!.timeCreated);
    expect(await session.getExpiry()).toBe(info!.expiry);
  });

  it("getAllSessionHandlesForUser / revokeSession / revokeMultipleSessions / revokeAllSessionsForUser", async () => {
    const user = new RecipeUserId("f-4");
    const a = await Session.createNewSessionWithoutRequestResponse("public", user);
    const b = await Session.createNewSessionWithoutRequestResponse("public", user);
    const c = await Session.createNewSessionWithoutRequestResponse("public", user);
    expect((await Session.getAllSessionHandlesForUser("f-4")).sort()).toEqual(
      [a, b, c].map((s) => s.getHandle()).sort(),
    );
    expect(await Session.revokeSession(a.getHandle())).toBe(true);
    expect(await Session.revokeSession(a.getHandle())).toBe(false);
    expect(await Session.revokeMultipleSessions([b.getHandle()])).toEqual([b.getHandle()]);
    expect(await Session.revokeAllSessionsForUser("f-4")).toEqual([c.getHandle()]);
    expect(await Session.getAllSessionHandlesForUser("f-4")).toEqual([]);
    expect(await Session.getSessionInformation(c.getHandle())).toBeUndefined();
  });

  it("updateSessionDataInDatabase and mergeIntoAccessTokenPayload by handle", async () => {
    const session = await Session.createNewSessionWithoutRequestResponse("public", new RecipeUserId("f-5"), {
      keep: 1,
      drop: 2,
    });
    expect(await Session.updateSessionDataInDatabase(session.getHandle(), { x: 1 })).toBe(true);
    expect(await Session.mergeIntoAccessTokenPayload(session.getHandle(), { added: true, drop: null })).toBe(
      true,
    );
    const info = await Session.getSessionInformation(session.getHandle());
    expect(info!.sessionDataInDatabase).toEqual({ x: 1 });
    expect(info!.customClaimsInAccessTokenPayload).toMatchObject({ keep: 1, added: true });
    expect(info!.customClaimsInAccessTokenPayload.drop).toBeUndefined();
    expect(await Session.updateSessionDataInDatabase("unknown-handle", {})).toBe(false);
    expect(await Session.mergeIntoAccessTokenPayload("unknown-handle", {})).toBe(false);
  });
});

describe("SessionContainer.mergeIntoAccessTokenPayload", () => {
  it("re-signs the access token through the core with the merged payload", async () => {
    const created = await Session.createNewSessionWithoutRequestResponse("public", new RecipeUserId("f-6"), {
      a: 1,
    });
    const session = await Session.getSessionWithoutRequestResponse(created.getAccessToken(), undefined, {
      antiCsrfCheck: false,
    });
    expect(session.getAllSessionTokensDangerously().accessAndFrontTokenUpdated).toBe(false);
    await session.mergeIntoAccessTokenPayload({ extra: "yes", a: null });
    expect(session.getAccessTokenPayload().extra).toBe("yes");
    expect(session.getAccessTokenPayload().a).toBeUndefined();
    expect(decodeJWTPayload(session.getAccessToken()).extra).toBe("yes");
    expect(session.getAllSessionTokensDangerously().accessAndFrontTokenUpdated).toBe(true);
  });
});

describe("getJWKS, createJWT and GET /auth/jwt/jwks.json", () => {
  it("serves the core's keys at /auth/jwt/jwks.json and they verify access tokens", async () => {
    const answer = await new Browser(app.url).get("/auth/jwt/jwks.json");
    expect(answer.status).toBe(200);
    const session = await Session.createNewSessionWithoutRequestResponse("public", new RecipeUserId("f-7"));
    const token = session.getAccessToken();
    const kid = JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString()).kid;
    const jwk = answer.body.keys.find((k: any) => k.kid === kid);
    expect(jwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    const [h, p, s] = token.split(".");
    expect(
      verify(
        "RSA-SHA256",
        Buffer.from(`${h}.${p}`),
        createPublicKey({ key: jwk, format: "jwk" }),
        Buffer.from(s, "base64url"),
      ),
    ).toBe(true);
    expect((await Session.getJWKS()).keys.map((k) => k.kid)).toContain(kid);
  });

  it("createJWT returns a core-signed JWT with iss = apiDomain + apiBasePath", async () => {
    const result = await Session.createJWT({ hello: "world" }, 60);
    expect(result.status).toBe("OK");
    const payload = decodeJWTPayload((result as any).jwt);
    expect(payload).toMatchObject({ hello: "world", iss: `${API_DOMAIN}/auth` });
  });
});

describe("module shape and CORS", () => {
  it("default export carries the same members as the named exports", () => {
    expect(SessionDefault.getSession).toBe(Session.getSession);
    expect(SessionDefault.init).toBe(Session.init);
    expect(SessionDefault.Error).toBe(Session.Error);
    expect(Session.Error.TRY_REFRESH_TOKEN).toBe("TRY_REFRESH_TOKEN");
    expect(Session.Error.CLEAR_DUPLICATE_SESSION_COOKIES).toBe("CLEAR_DUPLICATE_SESSION_COOKIES");
  });

  it("getAllCORSHeaders lists the session headers", () => {
    expect(getAllCORSHeaders()).toEqual(
      expect.arrayContaining(["rid", "fdi-version", "anti-csrf", "authorization", "st-auth-mode"]),
    );
  });
});
