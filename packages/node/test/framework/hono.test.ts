/** Hono specifics beyond the shared protected-route suite: app.onError(errorHandler()). */
import { Hono } from "hono";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Session from "../../src/recipe/session/index";
import { errorHandler, middleware, wrapRequest, wrapResponse } from "../../src/framework/hono";
import { startAdapterSdk, type AdapterSdk } from "../support/adapter-sdk";
import { listen, type RunningServer } from "../support/servers";

let sdk: AdapterSdk;
let server: RunningServer;

beforeAll(async () => {
  sdk = await startAdapterSdk();
  const app = new Hono();
  app.use("*", middleware());
  app.onError(errorHandler((err, c) => c.json({ fallback: err.message }, 500)));
  app.get("/session-or-throw", async (c) => {
    const session = await Session.getSession(wrapRequest(c), wrapResponse(c));
    return c.json({ userId: session.getUserId() });
  });
  app.get("/boom", () => {
    throw new Error("not a SuperTokens error");
  });
  server = await listen(getRequestListener(app.fetch));
});

afterAll(async () => {
  await server?.close();
  await sdk?.close();
});

describe("hono errorHandler()", () => {
  it("answers a Session error thrown by a handler (getSession without a session) with 401", async () => {
    const response = await fetch(`${server.url}/session-or-throw`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "unauthorised" });
  });

  it("passes other errors to the fallback", async () => {
    const response = await fetch(`${server.url}/boom`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ fallback: "not a SuperTokens error" });
  });
});

describe("hono middleware()", () => {
  it("leaves unknown paths under apiBasePath to Hono (404)", async () => {
    const response = await fetch(`${server.url}/auth/no-such-api`);
    expect(response.status).toBe(404);
  });
});
