/**
 * Session test rig: a real core (startTestCore, SQLite, real HTTP), the SDK initialised
 * against it, and an Express app with the SDK middleware, errorHandler and a few routes that
 * exercise the session functions. Plus a tiny browser-like client that keeps cookies.
 */
import express from "express";
import type { AddressInfo } from "node:net";
import type http from "node:http";
import { startTestCore, type TestCore } from "../../../core/test/support/core";
import type { CoreConfig } from "../../../core/src/config";
import SuperTokens from "../../src/supertokens";
import { middleware, errorHandler } from "../../src/framework/express";
import RecipeUserId from "../../src/recipe-user-id";
import * as Session from "../../src/recipe/session/index";
import { verifySession, type SessionRequest } from "../../src/recipe/session/framework/express";
import type { TypeInput as SessionConfig, VerifySessionOptions } from "../../src/recipe/session/types";
import type { AppInfo } from "../../src/types";
import type { RecipeListFunction } from "../../src/recipe-module";

export interface SessionAppOptions {
  session?: SessionConfig;
  core?: Partial<CoreConfig>;
  /** The core's clock (ms); tokens are stamped with it. */
  now?: () => number;
  appInfo?: Partial<AppInfo>;
  /** Extra routes, added after the built-in ones and before errorHandler. */
  routes?: (app: express.Express) => void;
  verifyOptions?: VerifySessionOptions;
  /** Other recipes around Session in recipeList (order matters for registration tests). */
  recipesBefore?: RecipeListFunction[];
  recipesAfter?: RecipeListFunction[];
}

export interface SessionApp {
  url: string;
  coreURL: string;
  testCore: TestCore;
  close(): Promise<void>;
}

export const API_DOMAIN = "http://localhost:3001";
export const WEBSITE_DOMAIN = "http://localhost:3000";

export async function startSessionApp(options: SessionAppOptions = {}): Promise<SessionApp> {
  const testCore = await startTestCore({ engine: "sqlite", config: options.core, now: options.now });
  await SuperTokens.resetAsync();
  SuperTokens.init({
    supertokens: { connectionURI: testCore.url },
    appInfo: { appName: "test", apiDomain: API_DOMAIN, websiteDomain: WEBSITE_DOMAIN, ...options.appInfo },
    recipeList: [
      ...(options.recipesBefore ?? []),
      Session.init(options.session),
      ...(options.recipesAfter ?? []),
    ],
  });

  const app = express();
  app.use(express.json());
  app.use(middleware());

  // Creates a session for body.userId with body.payload / body.data.
  app.post("/create", async (req, res, next) => {
    try {
      const session = await Session.createNewSession(
        req,
        res,
        req.body.tenantId ?? "public",
        new RecipeUserId(req.body.userId),
        req.body.payload,
        req.body.data,
      );
      res.json({ handle: session.getHandle(), payload: session.getAccessTokenPayload() });
    } catch (err) {
      next(err);
    }
  });

  app.all("/protected", verifySession(options.verifyOptions), (req, res) => {
    const session = (req as SessionRequest).session!;
    res.json({
      userId: session.getUserId(),
      recipeUserId: session.getRecipeUserId().getAsString(),
      tenantId: session.getTenantId(),
      handle: session.getHandle(),
      payload: session.getAccessTokenPayload(),
    });
  });

  app.get("/optional", verifySession({ sessionRequired: false }), (req, res) => {
    res.json({ hasSession: (req as SessionRequest).session !== undefined });
  });

  app.get("/check-database", verifySession({ checkDatabase: true }), (req, res) => {
    res.json({ handle: (req as SessionRequest).session!.getHandle() });
  });

  options.routes?.(app);
  app.use(errorHandler());
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
  });

  const server: http.Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    coreURL: testCore.url,
    testCore,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await SuperTokens.resetAsync();
      await testCore.close();
    },
  };
}

export interface ParsedSetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
  raw: string;
}

export function parseSetCookie(line: string): ParsedSetCookie {
  const [pair, ...attrs] = line.split(";").map((part) => part.trim());
  const eq = pair.indexOf("=");
  const attributes: Record<string, string | true> = {};
  for (const attr of attrs) {
    const i = attr.indexOf("=");
    if (i === -1) attributes[attr.toLowerCase()] = true;
    else attributes[attr.slice(0, i).toLowerCase()] = attr.slice(i + 1);
  }
  return { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), attributes, raw: line };
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  cookies: ParsedSetCookie[];
  cookie(name: string): ParsedSetCookie | undefined;
}

/** A browser-like client: remembers cookies (by name; expired ones are dropped). */
export class Browser {
  readonly jar = new Map<string, string>();

  constructor(readonly baseURL: string) {}

  async send(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; withCookies?: boolean } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (init.withCookies !== false && this.jar.size > 0 && headers.cookie === undefined) {
      headers.cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
    }
    const response = await fetch(this.baseURL + path, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // plain text answer
    }
    const cookies = response.headers.getSetCookie().map(parseSetCookie);
    for (const cookie of cookies) {
      const expires = cookie.attributes.expires;
      if (typeof expires === "string" && Date.parse(expires) <= Date.now()) this.jar.delete(cookie.name);
      else this.jar.set(cookie.name, encodeURIComponent(cookie.value));
    }
    return {
      status: response.status,
      body,
      headers: response.headers,
      cookies,
      cookie: (name) => cookies.find((c) => c.name === name),
    };
  }

  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.send("POST", path, { body, headers });
  }

  get(path: string, headers?: Record<string, string>) {
    return this.send("GET", path, { headers });
  }
}

/** docs/protocol/fdi.md §3.4: how the frontend decodes `front-token`. */
export function decodeFrontToken(value: string): { uid: string; ate: number; up: Record<string, any> } {
  return JSON.parse(Buffer.from(value, "base64").toString("utf8"));
}

export function decodeJWTPayload(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}
