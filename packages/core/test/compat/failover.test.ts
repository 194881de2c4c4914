/**
 * `connectionURI: "http://a;http://b"` with one host down (docs/protocol/cdi.md §2 "Hosts"): the official
 * SDK tries the next host on a network error, for core calls and for the JWKS alike, so every
 * call must still succeed against the live core.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { testEngines } from "../support/databases";
import {
  Session,
  initOfficialSdk,
  recipeUserId,
  resetOfficialSdk,
  runVersionHandshake,
  tokensOf,
} from "./support/official-sdk";

/** A port nothing listens on: bound once to learn a free number, then closed. */
async function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.each(testEngines())("official SDK with two cores, one down (%s)", (engine) => {
  let core: TestCore;
  let dead: string;

  beforeAll(async () => {
    core = await startTestCore({ engine });
    dead = `http://127.0.0.1:${await deadPort()}`;
  });

  afterAll(async () => {
    resetOfficialSdk();
    await core?.close();
  });

  /** create → local verify → refresh → first-use verify → data → revoke: every call must succeed. */
  async function everySessionCallSucceeds(): Promise<void> {
    const userId = `failover-${Math.random().toString(36).slice(2)}`;
    const session = await Session.createNewSessionWithoutRequestResponse(
      "public",
      recipeUserId(userId),
      { k: 1 },
      {},
    );
    await Session.getSessionWithoutRequestResponse(tokensOf(session).accessToken);
    const refreshed = await Session.refreshSessionWithoutRequestResponse(tokensOf(session).refreshToken);
    const verified = await Session.getSessionWithoutRequestResponse(tokensOf(refreshed).accessToken);
    expect(verified.getAccessTokenPayload().k).toBe(1);
    expect(await Session.updateSessionDataInDatabase(session.getHandle(), { x: 1 })).toBe(true);
    expect((await Session.getSessionInformation(session.getHandle())).sessionDataInDatabase).toEqual({
      x: 1,
    });
    expect(await Session.getAllSessionHandlesForUser(userId)).toEqual([session.getHandle()]);
    expect(await Session.revokeSession(session.getHandle())).toBe(true);
  }

  describe("connectionURI with the first host down", () => {
    it("answers the SDK's version handshake from the live second host", async () => {
      initOfficialSdk({ connectionURI: `${dead};${core.url}` });
      expect(await runVersionHandshake()).toBe("5.4");
    });

    it("completes every session call on the live second host", async () => {
      initOfficialSdk({ connectionURI: `${dead};${core.url}` });
      // See runVersionHandshake: without it the SDK's very first call fails on its own.
      await runVersionHandshake();
      await everySessionCallSucceeds();
    });
  });

  describe("connectionURI with the second host down", () => {
    it("completes every session call on the live first host (round-robin lands on the dead one too)", async () => {
      initOfficialSdk({ connectionURI: `${core.url};${dead}` });
      await everySessionCallSucceeds();
    });
  });
});
