/**
 * Refresh-token reuse as the official SDK sees it (docs/protocol/cdi.md §5 "Refresh rotation and theft
 * detection", ARCHITECTURE "A grace window on refresh-token reuse"): reuse of a replaced
 * refresh token outside the grace window is theft; a lost response or two tabs refreshing at
 * once is not. The core's clock is moved through startTestCore's `now` — no sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { newUserId, startCompatCore, type CompatCore } from "./support/compat-core";
import { Session, SessionError, errorOf, recipeUserId, tokensOf } from "./support/official-sdk";

/** The core's default grace window (config.ts `refresh_token_rotation_grace_period`). */
const GRACE_SECONDS = 30;

describe.each(testEngines())("refresh-token reuse through the official SDK (%s)", (engine) => {
  let compat: CompatCore;
  let offsetMs = 0;
  const advanceCoreClock = (ms: number) => void (offsetMs += ms);

  beforeAll(async () => {
    compat = await startCompatCore({ engine, now: () => Date.now() + offsetMs });
  });

  afterAll(async () => {
    await compat?.close();
  });

  const create = () =>
    Session.createNewSessionWithoutRequestResponse("public", recipeUserId(newUserId()), {}, {});
  const refresh = (refreshToken: string) => Session.refreshSessionWithoutRequestResponse(refreshToken);

  /** RT0 → RT1 → RT2 (RT1's use promotes it, so RT0 is now the replaced token). */
  async function sessionWithReplacedToken() {
    const session = await create();
    const rt0 = tokensOf(session).refreshToken;
    const rt1 = tokensOf(await refresh(rt0)).refreshToken;
    const rt2 = tokensOf(await refresh(rt1)).refreshToken;
    return { session, rt0, rt2 };
  }

  describe("refreshSessionWithoutRequestResponse", () => {
    it("throws TOKEN_THEFT_DETECTED when a replaced refresh token is reused after the grace window", async () => {
      const { session, rt0 } = await sessionWithReplacedToken();
      advanceCoreClock((GRACE_SECONDS + 1) * 1000);
      compat.proxy.clear();
      const error = await errorOf(() => refresh(rt0));
      expect(error.type).toBe(SessionError.TOKEN_THEFT_DETECTED);
      expect(error.payload.sessionHandle).toBe(session.getHandle());
      expect(error.payload.userId).toBe(session.getUserId());
      expect(error.payload.recipeUserId.getAsString()).toBe(session.getUserId());
      expect(compat.proxy.count("POST", "/recipe/session/refresh")).toBe(1);
    });

    it("accepts the reuse of a replaced refresh token inside the grace window (a lost response is not theft)", async () => {
      const { session, rt0 } = await sessionWithReplacedToken();
      advanceCoreClock((GRACE_SECONDS - 5) * 1000);
      const again = await refresh(rt0);
      expect(again.getHandle()).toBe(session.getHandle());
      expect(await Session.getSessionInformation(session.getHandle())).toBeDefined();
    });

    it("does not treat two tabs refreshing with the same token, then both using their tokens, as theft", async () => {
      const session = await create();
      const rt0 = tokensOf(session).refreshToken;
      const [tabA, tabB] = await Promise.all([refresh(rt0), refresh(rt0)]);
      const a = tokensOf(tabA);
      const b = tokensOf(tabB);
      expect(a.refreshToken).not.toBe(b.refreshToken);

      // Both tabs use their new access tokens (first use after refresh: the core is asked).
      compat.proxy.clear();
      await Session.getSessionWithoutRequestResponse(a.accessToken);
      await Session.getSessionWithoutRequestResponse(b.accessToken);
      expect(compat.proxy.count("POST", "/recipe/session/verify")).toBe(2);

      // …and later both refresh with their own child token.
      const nextA = await refresh(a.refreshToken);
      const nextB = await refresh(b.refreshToken);
      expect(nextA.getHandle()).toBe(session.getHandle());
      expect(nextB.getHandle()).toBe(session.getHandle());
      expect(await Session.getSessionInformation(session.getHandle())).toBeDefined();
    });

    it("keeps the newest refresh token working after a theft alarm was raised for an old one (the SDK, not the core, revokes)", async () => {
      const { session, rt0, rt2 } = await sessionWithReplacedToken();
      advanceCoreClock((GRACE_SECONDS + 1) * 1000);
      expect((await errorOf(() => refresh(rt0))).type).toBe(SessionError.TOKEN_THEFT_DETECTED);
      // docs/protocol/cdi.md §5: "The core does not revoke; the SDK does."
      const next = await refresh(rt2);
      expect(next.getHandle()).toBe(session.getHandle());
    });
  });
});
