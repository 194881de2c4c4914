/** Koa specifics beyond the shared protected-route suite: errors thrown downstream of middleware(). */
import Koa from "koa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Session from "../../src/recipe/session/index";
import { middleware } from "../../src/framework/koa";
import { startAdapterSdk, type AdapterSdk } from "../support/adapter-sdk";
import { listen, type RunningServer } from "../support/servers";

let sdk: AdapterSdk;
let server: RunningServer;

beforeAll(async () => {
  sdk = await startAdapterSdk();
  const app = new Koa();
  app.silent = true;
  app.use(middleware());
  app.use(async (ctx) => {
    if (ctx.path === "/session-or-throw") {
      const session = await Session.getSession(ctx, ctx);
      ctx.body = { userId: session.getUserId() };
    } else if (ctx.path === "/boom") {
      throw new Error("not a SuperTokens error");
    } else {
      ctx.status = 404;
    }
  });
  server = await listen(app.callback());
});

afterAll(async () => {
  await server?.close();
  await sdk?.close();
});

describe("koa middleware()", () => {
  it("answers a Session error thrown downstream (getSession(ctx, ctx) without a session) with 401", async () => {
    const response = await fetch(`${server.url}/session-or-throw`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "unauthorised" });
  });

  it("lets other errors reach Koa (500)", async () => {
    const response = await fetch(`${server.url}/boom`);
    expect(response.status).toBe(500);
  });

  it("leaves unknown paths under apiBasePath to the next middleware", async () => {
    const response = await fetch(`${server.url}/auth/no-such-api`);
    expect(response.status).toBe(404);
  });
});
