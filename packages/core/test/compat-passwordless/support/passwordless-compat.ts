/**
 * One call per engine: our core over real HTTP on a fresh database (startTestCore), a request
 * log in front of it, the official SDK with Passwordless initialised against it, and a small
 * Express app with the SDK's own `middleware()` (its FDI endpoints) plus one protected route.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import { startTestCore, type TestCore } from "../../support/core";
import type { TestEngine } from "../../support/databases";
import { startCountingProxy, type CountingProxy } from "../../compat/support/counting-proxy";
import { Outbox, initOfficialPasswordless, resetOfficialSdk } from "./official-passwordless";

const require = createRequire(import.meta.url);
const express = require("express");
const { middleware, errorHandler } = require("supertokens-node/framework/express");
const { verifySession } = require("supertokens-node/recipe/session/framework/express");

export interface PasswordlessCompat {
  core: TestCore;
  coreRequests: CountingProxy;
  outbox: Outbox;
  /** The Express app's origin (`http://127.0.0.1:<port>`): FDI under /auth, `GET /me` protected. */
  api: string;
  close(): Promise<void>;
}

export async function startPasswordlessCompat(
  engine: TestEngine,
  options: { now?: () => number } = {},
): Promise<PasswordlessCompat> {
  const core = await startTestCore({ engine, now: options.now });
  const coreRequests = await startCountingProxy(core.url);
  const outbox = new Outbox();
  initOfficialPasswordless(coreRequests.url, outbox);

  const app = express();
  app.use(middleware());
  app.get("/me", verifySession(), (req: any, res: any) => {
    res.json({ userId: req.session.getUserId(), recipeUserId: req.session.getRecipeUserId().getAsString() });
  });
  app.use(errorHandler());
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });

  return {
    core,
    coreRequests,
    outbox,
    api: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      resetOfficialSdk();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await coreRequests.close();
      await core.close();
    },
  };
}

/** A fresh address per test, so tests in one file never share a user or a device. */
export const newEmail = () => `pwl-${randomUUID()}@example.com`;

/** A fresh, valid E.164 mobile number per test (Hungarian +36 20, as in the examples in docs/protocol/fdi.md). */
export const newPhoneNumber = () => `+3620${String(1_000_000 + Math.floor(Math.random() * 9_000_000))}`;

/** A six-digit code that is not `code`. */
export const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");
