/**
 * Anti-CSRF tokens (Session.init({ antiCsrf: "VIA_TOKEN" }), docs/protocol/cdi.md §5): the core issues an
 * anti-CSRF token with each session and refresh, puts it in the access token, and checks it
 * on refresh; the SDK checks it locally on verify.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { newUserId, startCompatCore, type CompatCore } from "./support/compat-core";
import { Session, SessionError, decodeJwt, errorOf, recipeUserId, tokensOf } from "./support/official-sdk";

describe.each(testEngines())("official SDK with antiCsrf VIA_TOKEN (%s)", (engine) => {
  let compat: CompatCore;

  beforeAll(async () => {
    compat = await startCompatCore({ engine }, { antiCsrf: "VIA_TOKEN" });
  });

  afterAll(async () => {
    await compat?.close();
  });

  const create = () =>
    Session.createNewSessionWithoutRequestResponse("public", recipeUserId(newUserId()), {}, {});

  describe("createNewSessionWithoutRequestResponse", () => {
    it("returns an anti-CSRF token that the access token carries", async () => {
      const tokens = tokensOf(await create());
      expect(tokens.antiCsrfToken).toMatch(/^[0-9a-f-]{36}$/);
      expect(decodeJwt(tokens.accessToken).payload.antiCsrfToken).toBe(tokens.antiCsrfToken);
    });
  });

  describe("getSessionWithoutRequestResponse", () => {
    it("accepts the right anti-CSRF token and rejects a wrong one (TRY_REFRESH_TOKEN)", async () => {
      const tokens = tokensOf(await create());
      await Session.getSessionWithoutRequestResponse(tokens.accessToken, tokens.antiCsrfToken, {
        antiCsrfCheck: true,
      });
      const error = await errorOf(() =>
        Session.getSessionWithoutRequestResponse(tokens.accessToken, "wrong", { antiCsrfCheck: true }),
      );
      expect(error.type).toBe(SessionError.TRY_REFRESH_TOKEN);
    });
  });

  describe("refreshSessionWithoutRequestResponse", () => {
    it("refreshes with the right anti-CSRF token and issues a new one", async () => {
      const tokens = tokensOf(await create());
      const refreshed = tokensOf(
        await Session.refreshSessionWithoutRequestResponse(tokens.refreshToken, false, tokens.antiCsrfToken),
      );
      expect(refreshed.antiCsrfToken).toMatch(/^[0-9a-f-]{36}$/);
      expect(refreshed.antiCsrfToken).not.toBe(tokens.antiCsrfToken);
      await Session.getSessionWithoutRequestResponse(refreshed.accessToken, refreshed.antiCsrfToken, {
        antiCsrfCheck: true,
      });
    });

    it("answers UNAUTHORISED when the anti-CSRF token does not match the refresh token's", async () => {
      const tokens = tokensOf(await create());
      const error = await errorOf(() =>
        Session.refreshSessionWithoutRequestResponse(tokens.refreshToken, false, "not-the-right-one"),
      );
      expect(error.type).toBe(SessionError.UNAUTHORISED);
    });
  });
});
