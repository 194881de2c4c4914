/**
 * `api_keys` configured (docs/protocol/cdi.md §1.1, §2, §3 "Conventions"): the official SDK sends its
 * `apiKey` as the `api-key` header; the right key works, a wrong or missing one gets the
 * core's 401, which the SDK surfaces as an error naming the status.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { testEngines } from "../support/databases";
import {
  Session,
  errorOf,
  initOfficialSdk,
  recipeUserId,
  resetOfficialSdk,
  tokensOf,
} from "./support/official-sdk";

const API_KEY = "compat-api-key-0123456789-abcdef";

describe.each(testEngines())("official SDK against a core with api_keys (%s)", (engine) => {
  let core: TestCore;

  beforeAll(async () => {
    core = await startTestCore({
      engine,
      config: { api_keys: ["another-key-that-is-long-enough", API_KEY] },
    });
  });

  afterAll(async () => {
    resetOfficialSdk();
    await core?.close();
  });

  const create = () =>
    Session.createNewSessionWithoutRequestResponse("public", recipeUserId(`key-${Math.random()}`), {}, {});

  describe("with the right apiKey", () => {
    it("creates, verifies, refreshes and revokes sessions", async () => {
      initOfficialSdk({ connectionURI: core.url, apiKey: API_KEY });
      const session = await create();
      await Session.getSessionWithoutRequestResponse(tokensOf(session).accessToken);
      const refreshed = await Session.refreshSessionWithoutRequestResponse(tokensOf(session).refreshToken);
      await Session.getSessionWithoutRequestResponse(tokensOf(refreshed).accessToken);
      expect(await Session.revokeSession(session.getHandle())).toBe(true);
    });
  });

  describe("with a wrong apiKey", () => {
    it("fails with the core's 401", async () => {
      initOfficialSdk({ connectionURI: core.url, apiKey: "wrong-api-key-0123456789-abcdef" });
      const error = await errorOf(create);
      expect(error.message).toMatch(/with status code: 401/);
      expect(error.message).toMatch(/Invalid API key/);
    });
  });

  describe("without an apiKey", () => {
    it("fails with the core's 401", async () => {
      initOfficialSdk({ connectionURI: core.url });
      const error = await errorOf(create);
      expect(error.message).toMatch(/with status code: 401/);
    });
  });
});
