/**
 * Token lifetimes as the official SDK sees them (docs/protocol/cdi.md §5 "Access token", "Refresh
 * token"): access tokens expire `access_token_validity` after issue, refresh tokens
 * `refresh_token_validity` after the last rotation; regenerating an expired access token
 * updates only the database. The core's clock is moved through startTestCore's `now`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { newUserId, startCompatCore, type CompatCore } from "./support/compat-core";
import { Session, SessionError, decodeJwt, errorOf, recipeUserId, tokensOf } from "./support/official-sdk";

const HOUR = 3600_000;
/** Core default `refresh_token_validity`: 144000 minutes (100 days). */
const REFRESH_VALIDITY_MS = 144_000 * 60_000;

describe.each(testEngines())("token lifetimes through the official SDK (%s)", (engine) => {
  let compat: CompatCore;
  let offsetMs = 0;

  beforeAll(async () => {
    compat = await startCompatCore({ engine, now: () => Date.now() + offsetMs });
  });

  beforeEach(() => {
    offsetMs = 0;
  });

  afterAll(async () => {
    await compat?.close();
  });

  const create = (payload: object = {}) =>
    Session.createNewSessionWithoutRequestResponse("public", recipeUserId(newUserId()), payload, {});

  describe("getSessionWithoutRequestResponse", () => {
    it("answers TRY_REFRESH_TOKEN for an access token past its expiry, and the refreshed one works", async () => {
      offsetMs = -2 * HOUR; // issued two hours ago: expired an hour ago
      const session = await create({ k: 1 });
      expect(decodeJwt(tokensOf(session).accessToken).payload.exp * 1000).toBeLessThan(Date.now());
      const error = await errorOf(() =>
        Session.getSessionWithoutRequestResponse(tokensOf(session).accessToken),
      );
      expect(error.type).toBe(SessionError.TRY_REFRESH_TOKEN);

      offsetMs = 0;
      const refreshed = await Session.refreshSessionWithoutRequestResponse(tokensOf(session).refreshToken);
      const verified = await Session.getSessionWithoutRequestResponse(tokensOf(refreshed).accessToken);
      expect(verified.getAccessTokenPayload().k).toBe(1);
    });
  });

  describe("refreshSessionWithoutRequestResponse", () => {
    it("answers UNAUTHORISED once the refresh token's lifetime has passed", async () => {
      const session = await create();
      offsetMs = REFRESH_VALIDITY_MS + 60_000;
      const error = await errorOf(() =>
        Session.refreshSessionWithoutRequestResponse(tokensOf(session).refreshToken),
      );
      expect(error.type).toBe(SessionError.UNAUTHORISED);
    });

    it("extends the session's lifetime on each rotation", async () => {
      const session = await create();
      offsetMs = REFRESH_VALIDITY_MS - HOUR;
      const rotated = await Session.refreshSessionWithoutRequestResponse(tokensOf(session).refreshToken);
      // Using the child promotes it, which moves the expiry (docs/protocol/cdi.md §5, case B).
      const child = await Session.refreshSessionWithoutRequestResponse(tokensOf(rotated).refreshToken);
      offsetMs = REFRESH_VALIDITY_MS + HOUR;
      const later = await Session.refreshSessionWithoutRequestResponse(tokensOf(child).refreshToken);
      expect(later.getHandle()).toBe(session.getHandle());
    });
  });

  describe("getSessionInformation", () => {
    it("no longer returns a session whose refresh lifetime has passed", async () => {
      const session = await create();
      offsetMs = REFRESH_VALIDITY_MS + 60_000;
      expect(await Session.getSessionInformation(session.getHandle())).toBeUndefined();
      expect(await Session.getAllSessionHandlesForUser(session.getUserId())).toEqual([]);
    });
  });

  describe("SessionContainer.mergeIntoAccessTokenPayload with an expired access token", () => {
    it("updates the stored payload without issuing a token (the next refresh carries it)", async () => {
      offsetMs = -2 * HOUR;
      const session = await create({ plan: "free" });
      const expiredToken = tokensOf(session).accessToken;
      offsetMs = 0;
      compat.proxy.clear();
      await session.mergeIntoAccessTokenPayload({ plan: "pro" });
      expect(compat.proxy.count("POST", "/recipe/session/regenerate")).toBe(1);
      expect(tokensOf(session).accessToken).toBe(expiredToken);
      const info = await Session.getSessionInformation(session.getHandle());
      expect(info.customClaimsInAccessTokenPayload.plan).toBe("pro");
      const refreshed = await Session.refreshSessionWithoutRequestResponse(tokensOf(session).refreshToken);
      expect(refreshed.getAccessTokenPayload().plan).toBe("pro");
    });
  });
});
