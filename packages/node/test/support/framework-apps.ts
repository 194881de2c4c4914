/**
 * The same small app on every framework adapter, each on a real port:
 *   POST /create-session?userId=…   unprotected; Session.createNewSession(req, res, "public", …)
 *   GET  /protected                 verifySession() → { userId, handle }
 *   GET  /public                    { public: true }
 * with the adapter's middleware in front and its error handling behind. The SDK must already be
 * initialised (one SuperTokens instance serves them all).
 */
import http from "node:http";
import express from "express";
import Fastify from "fastify";
import Koa from "koa";
import { Hono } from "hono";
import { getRequestListener } from "@hono/node-server";
import RecipeUserId from "../../src/recipe-user-id";
import * as Session from "../../src/recipe/session/index";
import * as expressAdapter from "../../src/framework/express";
import * as fastifyAdapter from "../../src/framework/fastify";
import * as koaAdapter from "../../src/framework/koa";
import * as honoAdapter from "../../src/framework/hono";
import * as customAdapter from "../../src/framework/custom";
import { verifySession as verifyExpress } from "../../src/recipe/session/framework/express";
import {
  verifySession as verifyFastify,
  type SessionRequest as FastifySessionRequest,
} from "../../src/recipe/session/framework/fastify";
import { verifySession as verifyKoa, type SessionContext } from "../../src/recipe/session/framework/koa";
import { verifySession as verifyHono, type SessionVariables } from "../../src/recipe/session/framework/hono";
import { verifySession as verifyCustom } from "../../src/recipe/session/framework/custom";
import { listen, type RunningServer } from "./servers";

export type FrameworkName = "express" | "fastify" | "koa" | "hono" | "node:http";

function userIdFrom(url: string): string {
  return new URL(url, "http://localhost").searchParams.get("userId") ?? "anonymous";
}

async function startExpress(): Promise<RunningServer> {
  const app = express();
  app.use(expressAdapter.middleware());
  app.post("/create-session", async (req, res, next) => {
    try {
      await Session.createNewSession(req, res, "public", new RecipeUserId(userIdFrom(req.url)));
      res.json({ status: "OK" });
    } catch (err) {
      next(err);
    }
  });
  app.get("/protected", verifyExpress(), (req, res) => {
    const session = (req as expressAdapter.SessionRequest).session!;
    res.json({ userId: session.getUserId(), handle: session.getHandle() });
  });
  app.get("/public", (_req, res) => {
    res.json({ public: true });
  });
  app.use(expressAdapter.errorHandler());
  return listen(app);
}

async function startFastify(): Promise<RunningServer> {
  const app = Fastify();
  await app.register(fastifyAdapter.plugin);
  app.setErrorHandler(fastifyAdapter.errorHandler());
  app.post("/create-session", async (req, reply) => {
    // Fastify's own request and reply, as the docs pass them.
    await Session.createNewSession(req, reply, "public", new RecipeUserId(userIdFrom(req.url)));
    return reply.send({ status: "OK" });
  });
  app.get("/protected", { preHandler: verifyFastify() }, async (req, reply) => {
    const session = (req as FastifySessionRequest).session!;
    return reply.send({ userId: session.getUserId(), handle: session.getHandle() });
  });
  app.get("/public", async () => ({ public: true }));
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

async function startKoa(): Promise<RunningServer> {
  const app = new Koa();
  app.use(koaAdapter.middleware());
  app.use(async (ctx, next) => {
    if (ctx.method === "POST" && ctx.path === "/create-session") {
      // Koa's context as both request and response, as the docs pass it.
      await Session.createNewSession(ctx, ctx, "public", new RecipeUserId(userIdFrom(ctx.url)));
      ctx.body = { status: "OK" };
      return;
    }
    if (ctx.method === "GET" && ctx.path === "/public") {
      ctx.body = { public: true };
      return;
    }
    await next();
  });
  const protect = verifyKoa();
  app.use(async (ctx, next) => {
    if (ctx.method !== "GET" || ctx.path !== "/protected") return next();
    await protect(ctx, async () => {
      const session = (ctx as SessionContext).session!;
      ctx.body = { userId: session.getUserId(), handle: session.getHandle() };
    });
  });
  return listen(app.callback());
}

async function startHono(): Promise<RunningServer> {
  const app = new Hono<{ Variables: SessionVariables }>();
  app.use("*", honoAdapter.middleware());
  app.post("/create-session", async (c) => {
    const response = honoAdapter.wrapResponse(c);
    await Session.createNewSession(
      honoAdapter.wrapRequest(c),
      response,
      "public",
      new RecipeUserId(c.req.query("userId") ?? "anonymous"),
    );
    honoAdapter.applyToContext(response, c);
    return c.json({ status: "OK" });
  });
  app.get("/protected", verifyHono(), (c) => {
    const session = c.get("session")!;
    return c.json({ userId: session.getUserId(), handle: session.getHandle() });
  });
  app.get("/public", (c) => c.json({ public: true }));
  return listen(getRequestListener(app.fetch));
}

/** Plain node:http: the custom adapter takes IncomingMessage/ServerResponse as they come. */
async function startNodeHttp(): Promise<RunningServer> {
  const supertokensMiddleware = customAdapter.middleware();
  const protect = verifyCustom();
  const sendJSON = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  return listen(async (req, res) => {
    const { handled, error } = await supertokensMiddleware(req, res);
    if (error !== undefined) return sendJSON(res, 500, { message: String(error) });
    if (handled) return;
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    try {
      if (req.method === "POST" && path === "/create-session") {
        await Session.createNewSession(req, res, "public", new RecipeUserId(userIdFrom(req.url ?? "/")));
        return sendJSON(res, 200, { status: "OK" });
      }
      if (req.method === "GET" && path === "/protected") {
        const unhandled = await protect(req, res);
        if (res.writableEnded) return;
        if (unhandled !== undefined) return sendJSON(res, 500, { message: String(unhandled) });
        const session = (req as http.IncomingMessage & { session?: Session.SessionContainer }).session!;
        return sendJSON(res, 200, { userId: session.getUserId(), handle: session.getHandle() });
      }
      if (req.method === "GET" && path === "/public") return sendJSON(res, 200, { public: true });
      sendJSON(res, 404, { message: "not found" });
    } catch (err) {
      await customAdapter.errorHandler()(err, req, res, (unhandled?: unknown) => {
        if (unhandled !== undefined) sendJSON(res, 500, { message: String(unhandled) });
      });
    }
  });
}

export const frameworkApps: Record<FrameworkName, () => Promise<RunningServer>> = {
  express: startExpress,
  fastify: startFastify,
  koa: startKoa,
  hono: startHono,
  "node:http": startNodeHttp,
};
