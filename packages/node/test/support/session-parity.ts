/**
 * The official supertokens-node@24.0.3 as a reference server on our core, for differential
 * FDI tests (it runs as a client of our core; nothing is copied from it). One per test file:
 * its init is process-global.
 */
import express from "express";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { Browser, type Answer } from "./session-app";

/* eslint-disable @typescript-eslint/no-require-imports */
const official = require("supertokens-node");
const OfficialSession = require("supertokens-node/recipe/session");
const officialExpress = require("supertokens-node/framework/express");
const officialVerify = require("supertokens-node/recipe/session/framework/express").verifySession;
/* eslint-enable @typescript-eslint/no-require-imports */

export interface ReferenceApp {
  url: string;
  close(): Promise<void>;
}

export async function startReferenceApp(
  coreURL: string,
  sessionConfig: Record<string, unknown> = {},
  appInfo: Record<string, string> = {},
): Promise<ReferenceApp> {
  official.init({
    supertokens: { connectionURI: coreURL },
    appInfo: {
      appName: "test",
      apiDomain: "http://localhost:3001",
      websiteDomain: "http://localhost:3000",
      ...appInfo,
    },
    recipeList: [OfficialSession.init(sessionConfig)],
    telemetry: false,
  });
  const app = express();
  app.use(express.json());
  app.use(officialExpress.middleware());
  app.post("/create", async (req, res, next) => {
    try {
      const session = await OfficialSession.createNewSession(
        req,
        res,
        "public",
        official.convertToRecipeUserId(req.body.userId),
        req.body.payload,
      );
      res.json({ handle: session.getHandle(), payload: session.getAccessTokenPayload() });
    } catch (err) {
      next(err);
    }
  });
  app.all("/protected", officialVerify(), (req: any, res) => {
    res.json({
      userId: req.session.getUserId(),
      recipeUserId: req.session.getRecipeUserId().getAsString(),
      tenantId: req.session.getTenantId(),
      handle: req.session.getHandle(),
      payload: req.session.getAccessTokenPayload(),
    });
  });
  app.use(officialExpress.errorHandler());
  const server: http.Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const SESSION_HEADERS = ["front-token", "st-access-token", "st-refresh-token", "anti-csrf"];

/** What must be equal between the two SDKs; token values differ, their presence must not. */
export function shape(answer: Answer) {
  const headers: Record<string, string | null> = {};
  for (const name of SESSION_HEADERS) {
    const value = answer.headers.get(name);
    headers[name] = value === null ? null : value === "" ? "" : value === "remove" ? "remove" : "<value>";
  }
  const exposed = (answer.headers.get("access-control-expose-headers") ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== "");
  const cookies = answer.cookies
    .map((c) => ({
      name: c.name,
      value: c.value === "" ? "" : "<value>",
      path: c.attributes.path,
      domain: c.attributes.domain,
      httpOnly: c.attributes.httponly === true,
      secure: c.attributes.secure === true,
      sameSite: String(c.attributes.samesite).toLowerCase(),
      expired: Date.parse(String(c.attributes.expires)) <= Date.now(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const body =
    answer.body && typeof answer.body === "object" && "handle" in answer.body
      ? { ...answer.body, handle: "<handle>", payload: Object.keys(answer.body.payload ?? {}).sort() }
      : answer.body;
  return { status: answer.status, body, headers, exposed: [...new Set(exposed)].sort(), cookies };
}

export async function runBoth(
  oursURL: string,
  referenceURL: string,
  flow: (browser: Browser, userId: string) => Promise<Answer>,
) {
  const [a, b] = await Promise.all([
    flow(new Browser(oursURL), `parity-ours-${Math.random()}`),
    flow(new Browser(referenceURL), `parity-ref-${Math.random()}`),
  ]);
  return { ours: shape(a), reference: shape(b) };
}

export function sameUserIds(result: { ours: any; reference: any }) {
  // user ids differ by construction; compare everything else
  for (const side of [result.ours, result.reference]) {
    if (side.body && typeof side.body === "object" && "userId" in side.body) {
      side.body = {
        ...side.body,
        userId: "<id>",
        recipeUserId: "<id>",
        payload: Object.keys(side.body.payload).sort(),
      };
    }
  }
  return result;
}
