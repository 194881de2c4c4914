/**
 * Sessions signed with the static key (Session.init({ useDynamicAccessTokenSigningKey: false }),
 * docs/protocol/cdi.md §5 "Static keys"): the SDK requires a `kid` that does not start with `d-` and
 * still verifies locally through the JWKS.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { newUserId, startCompatCore, type CompatCore } from "./support/compat-core";
import { Session, decodeJwt, recipeUserId, tokensOf } from "./support/official-sdk";

describe.each(testEngines())("official SDK with useDynamicAccessTokenSigningKey: false (%s)", (engine) => {
  let compat: CompatCore;

  beforeAll(async () => {
    compat = await startCompatCore({ engine }, { useDynamicAccessTokenSigningKey: false });
  });

  afterAll(async () => {
    await compat?.close();
  });

  const create = () =>
    Session.createNewSessionWithoutRequestResponse("public", recipeUserId(newUserId()), { k: 1 }, {});

  describe("createNewSessionWithoutRequestResponse", () => {
    it("signs with a static key (kid s-…) that the JWKS lists", async () => {
      const { header } = decodeJwt(tokensOf(await create()).accessToken);
      expect(header.kid).toMatch(/^s-/);
      const jwks = await (await fetch(`${compat.coreUrl}/.well-known/jwks.json`)).json();
      expect(jwks.keys.map((key: { kid: string }) => key.kid)).toContain(header.kid);
    });
  });

  describe("getSessionWithoutRequestResponse", () => {
    it("verifies a static-key token locally, without calling the core's verify", async () => {
      const session = await create();
      compat.proxy.clear();
      const verified = await Session.getSessionWithoutRequestResponse(tokensOf(session).accessToken);
      expect(verified.getHandle()).toBe(session.getHandle());
      expect(compat.proxy.count("POST", "/recipe/session/verify")).toBe(0);
    });
  });

  describe("refreshSessionWithoutRequestResponse", () => {
    it("keeps the static key across a refresh, and the refreshed token verifies (core asked once)", async () => {
      const session = await create();
      const refreshed = await Session.refreshSessionWithoutRequestResponse(tokensOf(session).refreshToken);
      const accessToken = tokensOf(refreshed).accessToken;
      expect(decodeJwt(accessToken).header.kid).toMatch(/^s-/);
      compat.proxy.clear();
      const verified = await Session.getSessionWithoutRequestResponse(accessToken);
      expect(verified.getAccessTokenPayload().k).toBe(1);
      expect(compat.proxy.count("POST", "/recipe/session/verify")).toBe(1);
      expect(decodeJwt(tokensOf(verified).accessToken).header.kid).toMatch(/^s-/);
    });
  });
});
