import type { AddressInfo } from "node:net";
import Fastify from "fastify";
import Koa from "koa";
import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Session from "../../src/recipe/session/index";
import RecipeUserId from "../../src/recipe-user-id";
import {
  verifySession as fastifyVerify,
  type SessionRequest as FastifySessionRequest,
} from "../../src/recipe/session/framework/fastify";
import { verifySession as koaVerify, type SessionContext } from "../../src/recipe/session/framework/koa";
import { verifySession as honoVerify, type SessionVariables } from "../../src/recipe/session/framework/hono";
import { plugin as fastifyPlugin } from "../../src/framework/fastify";
import { Browser, startSessionApp, type SessionApp } from "../support/session-app";

let app: SessionApp;
const servers: Array<() => Promise<void>> = [];
const urls: Record<string, string> = {};

beforeAll(async () => {
  app = await startSessionApp();

  const fastify = Fastify();
  await fastify.register(fastifyPlugin);
  fastify.get("/protected", { preHandler: fastifyVerify() }, async (req) => ({
    userId: (req as FastifySessionRequest).session!.getUserId(),
  }));
  fastify.post("/create", async (req, reply) => {
    const session = await Session.createNewSession(
      req,
      reply,
      "public",
      new RecipeUserId("fw-fastify-create"),
    );
    return { handle: session.getHandle() };
  });
  fastify.get("/get-session", async (req, reply) => {
    const session = await Session.getSession(req, reply, { sessionRequired: false });
    return { userId: session?.getUserId() ?? null };
  });
  await fastify.listen({ port: 0, host: "127.0.0.1" });
  urls.fastify = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;
  servers.push(() => fastify.close());

  const koa = new Koa();
  koa.use(async (ctx, next) => {
    if (ctx.path === "/create") {
      const session = await Session.createNewSession(ctx, ctx, "public", new RecipeUserId("fw-koa-create"));
      ctx.body = { handle: session.getHandle() };
      return;
    }
    if (ctx.path === "/get-session") {
      const session = await Session.getSession(ctx, ctx, { sessionRequired: false });
      ctx.body = { userId: session?.getUserId() ?? null };
      return;
    }
    if (ctx.path === "/protected") {
      await koaVerify()(ctx, async () => {
        ctx.body = { userId: (ctx as SessionContext).session!.getUserId() };
      });
      return;
    }
    await next();
  });
  const koaServer = koa.listen(0, "127.0.0.1");
  await new Promise((resolve) => koaServer.once("listening", resolve));
  urls.koa = `http://127.0.0.1:${(koaServer.address() as AddressInfo).port}`;
  servers.push(
    () =>
      new Promise<void>((resolve) => {
        koaServer.closeAllConnections();
        koaServer.close(() => resolve());
      }),
  );

  const hono = new Hono<{ Variables: SessionVariables }>();
  hono.get("/protected", honoVerify(), (c) => c.json({ userId: c.get("session")!.getUserId() }));
  const honoServer = await new Promise<any>((resolve) => {
    const s = serve({ fetch: hono.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  urls.hono = `http://127.0.0.1:${(honoServer.address() as AddressInfo).port}`;
  servers.push(
    () =>
      new Promise<void>((resolve) => {
        honoServer.closeAllConnections?.();
        honoServer.close(() => resolve());
      }),
  );
});

afterAll(async () => {
  for (const close of servers) await close();
  await app?.close();
});

for (const framework of ["fastify", "koa", "hono"]) {
  describe(`verifySession for ${framework}`, () => {
    it("accepts a valid access token and exposes the session", async () => {
      const session = await Session.createNewSessionWithoutRequestResponse(
        "public",
        new RecipeUserId(`fw-${framework}`),
      );
      const answer = await new Browser(urls[framework]).get("/protected", {
        cookie: `sAccessToken=${session.getAccessToken()}`,
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ userId: `fw-${framework}` });
    });

    it("answers 401 unauthorised without a session", async () => {
      const answer = await new Browser(urls[framework]).get("/protected");
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ message: "unauthorised" });
    });

    it("re-sends the access token on first use after a refresh", async () => {
      const created = await Session.createNewSessionWithoutRequestResponse(
        "public",
        new RecipeUserId(`fw2-${framework}`),
      );
      const refreshed = await Session.refreshSessionWithoutRequestResponse(
        created.getAllSessionTokensDangerously().refreshToken!,
        true,
      );
      const answer = await new Browser(urls[framework]).get("/protected", {
        authorization: `Bearer ${refreshed.getAccessToken()}`,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("st-access-token")).toBeTruthy();
      expect(answer.headers.get("front-token")).toBeTruthy();
    });
  });
}

for (const framework of ["fastify", "koa"]) {
  describe(`Session.createNewSession / getSession with ${framework}'s own objects`, () => {
    it("creates a cookie-mode session on the framework's response and reads it back", async () => {
      const browser = new Browser(urls[framework]);
      const created = await browser.post("/create", {}, { "st-auth-mode": "cookie" });
      expect(created.status).toBe(200);
      expect(created.cookie("sAccessToken")).toBeDefined();
      expect(created.headers.get("front-token")).toBeTruthy();
      const answer = await browser.get("/get-session");
      expect(answer.body).toEqual({ userId: `fw-${framework}-create` });
    });
  });
}
