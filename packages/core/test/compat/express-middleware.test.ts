/**
 * The official SDK's own HTTP surface (Express middleware, verifySession, the refresh API and
 * its default theft handler) in front of our core — the path a real backend takes
 * (docs/protocol/cdi.md §4 "Session"). Tokens travel in headers so the test needs no cookie jar.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { newUserId, startCompatCore, type CompatCore } from "./support/compat-core";
import { Session, recipeUserId } from "./support/official-sdk";

const require = createRequire(import.meta.url);
const express = require("express");
const { middleware, errorHandler } = require("supertokens-node/framework/express");
const { verifySession } = require("supertokens-node/recipe/session/framework/express");

/** The core's default grace window (config.ts `refresh_token_rotation_grace_period`). */
const GRACE_SECONDS = 30;

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

describe.each(testEngines())("official SDK Express middleware against the core (%s)", (engine) => {
  let compat: CompatCore;
  let server: Server;
  let api: string;
  let offsetMs = 0;

  beforeAll(async () => {
    compat = await startCompatCore(
      { engine, now: () => Date.now() + offsetMs },
      { tokenTransferMethod: "header" },
    );
    const app = express();
    app.use(middleware());
    app.post("/login/:userId", async (req: any, res: any) => {
      const session = await Session.createNewSession(req, res, "public", recipeUserId(req.params.userId));
      res.json({ handle: session.getHandle() });
    });
    app.get("/me", verifySession(), (req: any, res: any) => {
      res.json({ userId: req.session.getUserId(), handle: req.session.getHandle() });
    });
    app.use(errorHandler());
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await compat?.close();
  });

  const tokensFrom = (response: Response): Tokens => ({
    accessToken: response.headers.get("st-access-token") ?? "",
    refreshToken: response.headers.get("st-refresh-token") ?? "",
  });

  async function login(userId: string): Promise<{ handle: string; tokens: Tokens }> {
    const response = await fetch(`${api}/login/${userId}`, { method: "POST" });
    expect(response.status).toBe(200);
    return { handle: (await response.json()).handle, tokens: tokensFrom(response) };
  }

  const me = (accessToken: string) =>
    fetch(`${api}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  const refresh = (refreshToken: string) =>
    fetch(`${api}/auth/session/refresh`, {
      method: "POST",
      headers: { authorization: `Bearer ${refreshToken}` },
    });

  describe("verifySession()", () => {
    it("lets a fresh access token through without asking the core", async () => {
      const userId = newUserId();
      const { tokens } = await login(userId);
      compat.proxy.clear();
      const response = await me(tokens.accessToken);
      expect(response.status).toBe(200);
      expect((await response.json()).userId).toBe(userId);
      expect(compat.proxy.count("POST", "/recipe/session/verify")).toBe(0);
    });

    it("answers 401 try-refresh for a garbage token", async () => {
      const response = await me("not-a-jwt");
      expect(response.status).toBe(401);
    });
  });

  describe("POST /auth/session/refresh", () => {
    it("rotates the tokens; the new access token passes verifySession after one core verify", async () => {
      const userId = newUserId();
      const { tokens } = await login(userId);
      const refreshed = await refresh(tokens.refreshToken);
      expect(refreshed.status).toBe(200);
      const next = tokensFrom(refreshed);
      expect(next.refreshToken).not.toBe("");
      expect(next.refreshToken).not.toBe(tokens.refreshToken);
      compat.proxy.clear();
      const response = await me(next.accessToken);
      expect(response.status).toBe(200);
      expect(compat.proxy.count("POST", "/recipe/session/verify")).toBe(1);
    });

    it("on reuse of a replaced refresh token after the grace window: 401 and the SDK revokes the session", async () => {
      const { handle, tokens } = await login(newUserId());
      const first = tokensFrom(await refresh(tokens.refreshToken));
      const second = await refresh(first.refreshToken);
      expect(second.status).toBe(200);
      offsetMs += (GRACE_SECONDS + 1) * 1000;
      compat.proxy.clear();
      const stolen = await refresh(tokens.refreshToken);
      expect(stolen.status).toBe(401);
      expect(await stolen.json()).toMatchObject({ message: "token theft detected" });
      // The default onTokenTheftDetected handler removes the session through the core.
      expect(compat.proxy.count("POST", "/recipe/session/remove")).toBe(1);
      expect(await Session.getSessionInformation(handle)).toBeUndefined();
    });
  });
});
