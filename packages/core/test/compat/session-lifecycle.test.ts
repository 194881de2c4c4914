/**
 * The official supertokens-node@24.0.3 Session recipe, unchanged, against our core over HTTP:
 * every session function a backend uses (docs/protocol/cdi.md §3 "Session", §4 "Session"), with the
 * requests the core receives counted to prove which checks stay local (§2).
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { newUserId, startCompatCore, type CompatCore } from "./support/compat-core";
import { Session, SessionError, decodeJwt, errorOf, recipeUserId, tokensOf } from "./support/official-sdk";

const sha256hex = (text: string) => createHash("sha256").update(text).digest("hex");

describe.each(testEngines())("official SDK session functions against the core (%s)", (engine) => {
  let compat: CompatCore;

  beforeAll(async () => {
    compat = await startCompatCore({ engine });
  });

  afterAll(async () => {
    await compat?.close();
  });

  const create = (userId: string, payload: object = {}, data: object = {}) =>
    Session.createNewSessionWithoutRequestResponse("public", recipeUserId(userId), payload, data);
  const verifyCalls = () => compat.proxy.count("POST", "/recipe/session/verify");

  describe("createNewSessionWithoutRequestResponse", () => {
    it("creates a session through POST /public/recipe/session", async () => {
      const userId = newUserId();
      compat.proxy.clear();
      const session = await create(userId, { plan: "free" });
      expect(compat.proxy.count("POST", "/public/recipe/session")).toBe(1);
      expect(session.getUserId()).toBe(userId);
      expect(session.getRecipeUserId().getAsString()).toBe(userId);
      expect(session.getTenantId()).toBe("public");
      expect(session.getHandle()).toMatch(/^[0-9a-f-]{36}$/);
      expect(session.getAccessTokenPayload().plan).toBe("free");
    });

    it("issues a v5 RS256 access token with a dynamic key id and the protected claims", async () => {
      const userId = newUserId();
      const session = await create(userId, { plan: "free" });
      const tokens = tokensOf(session);
      const { header, payload } = decodeJwt(tokens.accessToken);
      expect(header).toMatchObject({ alg: "RS256", typ: "JWT", version: "5" });
      expect(header.kid).toMatch(/^d-/);
      expect(payload).toMatchObject({
        sub: userId,
        rsub: userId,
        tId: "public",
        sessionHandle: session.getHandle(),
        refreshTokenHash1: sha256hex(tokens.refreshToken),
        iss: "http://127.0.0.1:3001/auth",
        plan: "free",
      });
      expect(payload.exp - payload.iat).toBe(3600);
    });

    it("fails for a tenant the core does not know, with the core's 400", async () => {
      const error = await errorOf(() =>
        Session.createNewSessionWithoutRequestResponse("no-such-tenant", recipeUserId(newUserId()), {}, {}),
      );
      expect(error.message).toMatch(/status code: 400 and message: AppId or tenantId not found/);
    });
  });

  describe("getSessionWithoutRequestResponse", () => {
    it("verifies a new access token locally through the JWKS, without calling the core's verify", async () => {
      const session = await create(newUserId());
      compat.proxy.clear();
      const verified = await Session.getSessionWithoutRequestResponse(tokensOf(session).accessToken);
      expect(verified.getHandle()).toBe(session.getHandle());
      expect(verifyCalls()).toBe(0);
      // At most the JWKS fetch (cached after the first); nothing else reaches the core.
      expect(compat.proxy.seen.filter((r) => r.path !== "/.well-known/jwks.json")).toEqual([]);
    });

    it("asks the core once when checkDatabase is true", async () => {
      const session = await create(newUserId());
      compat.proxy.clear();
      const verified = await Session.getSessionWithoutRequestResponse(
        tokensOf(session).accessToken,
        undefined,
        {
          checkDatabase: true,
        },
      );
      expect(verified.getHandle()).toBe(session.getHandle());
      expect(verifyCalls()).toBe(1);
    });

    it("with checkDatabase, returns a new access token when the stored payload changed", async () => {
      const session = await create(newUserId(), { plan: "free" });
      await Session.mergeIntoAccessTokenPayload(session.getHandle(), { plan: "pro" });
      const verified = await Session.getSessionWithoutRequestResponse(
        tokensOf(session).accessToken,
        undefined,
        {
          checkDatabase: true,
        },
      );
      expect(verified.getAccessTokenPayload().plan).toBe("pro");
      expect(tokensOf(verified).accessToken).not.toBe(tokensOf(session).accessToken);
      expect(decodeJwt(tokensOf(verified).accessToken).payload.plan).toBe("pro");
    });

    it("answers UNAUTHORISED with checkDatabase once the session is revoked", async () => {
      const session = await create(newUserId());
      await Session.revokeSession(session.getHandle());
      const error = await errorOf(() =>
        Session.getSessionWithoutRequestResponse(tokensOf(session).accessToken, undefined, {
          checkDatabase: true,
        }),
      );
      expect(error.type).toBe(SessionError.UNAUTHORISED);
    });

    it("rejects an access token whose payload was altered (TRY_REFRESH_TOKEN)", async () => {
      const session = await create(newUserId());
      const [header, payload, signature] = tokensOf(session).accessToken.split(".");
      const altered = JSON.parse(Buffer.from(payload, "base64url").toString());
      altered.sub = "someone-else";
      const forged = [header, Buffer.from(JSON.stringify(altered)).toString("base64url"), signature].join(
        ".",
      );
      const error = await errorOf(() => Session.getSessionWithoutRequestResponse(forged));
      expect(error.type).toBe(SessionError.TRY_REFRESH_TOKEN);
    });
  });

  describe("refreshSessionWithoutRequestResponse", () => {
    it("rotates the refresh token and issues an access token that names its parent", async () => {
      const session = await create(newUserId(), { plan: "free" });
      const before = tokensOf(session);
      compat.proxy.clear();
      const refreshed = await Session.refreshSessionWithoutRequestResponse(before.refreshToken);
      expect(compat.proxy.count("POST", "/recipe/session/refresh")).toBe(1);
      const after = tokensOf(refreshed);
      expect(refreshed.getHandle()).toBe(session.getHandle());
      expect(after.refreshToken).not.toBe(before.refreshToken);
      const { payload } = decodeJwt(after.accessToken);
      expect(payload.parentRefreshTokenHash1).toBe(sha256hex(before.refreshToken));
      expect(payload.refreshTokenHash1).toBe(sha256hex(after.refreshToken));
      expect(payload.plan).toBe("free");
    });

    it("has the refreshed access token verified by the core once (first use), then locally", async () => {
      const session = await create(newUserId(), { plan: "free" });
      const refreshed = await Session.refreshSessionWithoutRequestResponse(tokensOf(session).refreshToken);
      compat.proxy.clear();
      const firstUse = await Session.getSessionWithoutRequestResponse(tokensOf(refreshed).accessToken);
      expect(verifyCalls()).toBe(1);
      expect(firstUse.getAccessTokenPayload().plan).toBe("free");
      // The core answered with a promoted token (no parent any more): later uses stay local.
      const promoted = tokensOf(firstUse).accessToken;
      expect(decodeJwt(promoted).payload.parentRefreshTokenHash1 ?? null).toBeNull();
      const secondUse = await Session.getSessionWithoutRequestResponse(promoted);
      expect(secondUse.getHandle()).toBe(session.getHandle());
      expect(verifyCalls()).toBe(1);
    });

    it("keeps refreshing along the chain (each newest refresh token works)", async () => {
      const session = await create(newUserId());
      let refreshToken = tokensOf(session).refreshToken;
      for (let i = 0; i < 3; i++) {
        const refreshed = await Session.refreshSessionWithoutRequestResponse(refreshToken);
        refreshToken = tokensOf(refreshed).refreshToken;
        await Session.getSessionWithoutRequestResponse(tokensOf(refreshed).accessToken);
      }
      expect(await Session.getSessionInformation(session.getHandle())).toBeDefined();
    });

    it("answers UNAUTHORISED for a refresh token that is not one", async () => {
      const error = await errorOf(() =>
        Session.refreshSessionWithoutRequestResponse("not-a-refresh-token.abc.V2"),
      );
      expect(error.type).toBe(SessionError.UNAUTHORISED);
    });
  });

  describe("updateSessionDataInDatabase and getSessionInformation", () => {
    it("stores session data that getSessionInformation returns with the session's facts", async () => {
      const userId = newUserId();
      const session = await create(userId, { plan: "free" }, { cart: 1 });
      expect(await Session.updateSessionDataInDatabase(session.getHandle(), { cart: 2, note: "x" })).toBe(
        true,
      );
      const info = await Session.getSessionInformation(session.getHandle());
      expect(info).toMatchObject({
        sessionHandle: session.getHandle(),
        userId,
        sessionDataInDatabase: { cart: 2, note: "x" },
        tenantId: "public",
      });
      expect(info.recipeUserId.getAsString()).toBe(userId);
      expect(info.customClaimsInAccessTokenPayload.plan).toBe("free");
      // refresh_token_validity defaults to 100 days (docs/protocol/cdi.md §5 "Config defaults").
      expect(Math.abs(info.timeCreated - Date.now())).toBeLessThan(60_000);
      expect(Math.abs(info.expiry - (info.timeCreated + 100 * 24 * 3600_000))).toBeLessThan(60_000);
    });

    it("reports an unknown handle (false / undefined)", async () => {
      const handle = "00000000-0000-4000-8000-000000000000";
      expect(await Session.updateSessionDataInDatabase(handle, { a: 1 })).toBe(false);
      expect(await Session.getSessionInformation(handle)).toBeUndefined();
    });
  });

  describe("SessionContainer.mergeIntoAccessTokenPayload", () => {
    it("regenerates the access token with the merged payload through POST /recipe/session/regenerate", async () => {
      const session = await create(newUserId(), { plan: "free" });
      const before = decodeJwt(tokensOf(session).accessToken).payload;
      compat.proxy.clear();
      await session.mergeIntoAccessTokenPayload({ plan: "pro", seats: 3 });
      expect(compat.proxy.count("POST", "/recipe/session/regenerate")).toBe(1);
      const regenerated = tokensOf(session).accessToken;
      const after = decodeJwt(regenerated).payload;
      expect(after).toMatchObject({ plan: "pro", seats: 3, sessionHandle: session.getHandle() });
      expect(after.exp).toBe(before.exp);
      const verified = await Session.getSessionWithoutRequestResponse(regenerated);
      expect(verified.getAccessTokenPayload()).toMatchObject({ plan: "pro", seats: 3 });
    });

    it("removes a key merged as null", async () => {
      const session = await create(newUserId(), { plan: "free", trial: true });
      await session.mergeIntoAccessTokenPayload({ trial: null });
      expect(decodeJwt(tokensOf(session).accessToken).payload).not.toHaveProperty("trial");
    });
  });

  describe("Session.mergeIntoAccessTokenPayload (by handle)", () => {
    it("updates the stored payload that the next refresh puts in the access token", async () => {
      const session = await create(newUserId(), { plan: "free" });
      expect(await Session.mergeIntoAccessTokenPayload(session.getHandle(), { plan: "pro" })).toBe(true);
      const info = await Session.getSessionInformation(session.getHandle());
      expect(info.customClaimsInAccessTokenPayload.plan).toBe("pro");
      const refreshed = await Session.refreshSessionWithoutRequestResponse(tokensOf(session).refreshToken);
      expect(refreshed.getAccessTokenPayload().plan).toBe("pro");
    });
  });

  describe("getAllSessionHandlesForUser", () => {
    it("lists every session of the user and only theirs", async () => {
      const userId = newUserId();
      const first = await create(userId);
      const second = await create(userId);
      await create(newUserId());
      const handles = await Session.getAllSessionHandlesForUser(userId);
      expect([...handles].sort()).toEqual([first.getHandle(), second.getHandle()].sort());
    });
  });

  describe("revokeMultipleSessions", () => {
    it("removes exactly the listed sessions and returns their handles", async () => {
      const userId = newUserId();
      const [a, b, kept] = [await create(userId), await create(userId), await create(userId)];
      const revoked = await Session.revokeMultipleSessions([a.getHandle(), b.getHandle()]);
      expect([...revoked].sort()).toEqual([a.getHandle(), b.getHandle()].sort());
      expect(await Session.getAllSessionHandlesForUser(userId)).toEqual([kept.getHandle()]);
    });
  });

  describe("revokeSession", () => {
    it("removes the session: it leaves the user's list and its refresh token stops working", async () => {
      const userId = newUserId();
      const kept = await create(userId);
      const revoked = await create(userId);
      expect(await Session.revokeSession(revoked.getHandle())).toBe(true);
      expect(await Session.getAllSessionHandlesForUser(userId)).toEqual([kept.getHandle()]);
      const error = await errorOf(() =>
        Session.refreshSessionWithoutRequestResponse(tokensOf(revoked).refreshToken),
      );
      expect(error.type).toBe(SessionError.UNAUTHORISED);
      expect(await Session.revokeSession(revoked.getHandle())).toBe(false);
    });
  });

  describe("revokeAllSessionsForUser", () => {
    it("removes every session of the user and returns their handles", async () => {
      const userId = newUserId();
      const other = await create(newUserId());
      const handles = [(await create(userId)).getHandle(), (await create(userId)).getHandle()];
      const revoked = await Session.revokeAllSessionsForUser(userId);
      expect([...revoked].sort()).toEqual(handles.sort());
      expect(await Session.getAllSessionHandlesForUser(userId)).toEqual([]);
      expect(await Session.getSessionInformation(other.getHandle())).toBeDefined();
    });

    it("scoped to the public tenant (POST /public/recipe/session/remove) removes the user's sessions there", async () => {
      const userId = newUserId();
      const handle = (await create(userId)).getHandle();
      compat.proxy.clear();
      expect(await Session.revokeAllSessionsForUser(userId, true, "public")).toEqual([handle]);
      expect(compat.proxy.count("POST", "/public/recipe/session/remove")).toBe(1);
      expect(await Session.getAllSessionHandlesForUser(userId, true, "public")).toEqual([]);
    });
  });
});
