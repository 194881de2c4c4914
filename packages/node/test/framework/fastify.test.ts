/** Fastify specifics beyond the shared protected-route suite: errors thrown by route handlers. */
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Session from "../../src/recipe/session/index";
import { errorHandler, plugin } from "../../src/framework/fastify";
import { startAdapterSdk, type AdapterSdk } from "../support/adapter-sdk";

let sdk: AdapterSdk;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  sdk = await startAdapterSdk();
  app = Fastify();
  await app.register(plugin);
  app.setErrorHandler(errorHandler());
  app.get("/session-or-throw", async (req, reply) => {
    const session = await Session.getSession(req, reply);
    return { userId: session.getUserId() };
  });
  app.get("/boom", async () => {
    throw new Error("not a SuperTokens error");
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await app?.close();
  await sdk?.close();
});

describe("fastify errorHandler()", () => {
  it("answers a Session error thrown by a route handler (getSession without a session) with 401", async () => {
    const response = await fetch(`${url}/session-or-throw`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "unauthorised" });
  });

  it("answers other errors with Fastify's 500", async () => {
    const response = await fetch(`${url}/boom`);
    expect(response.status).toBe(500);
  });
});

describe("fastify plugin", () => {
  it("answers FDI routes that have no Fastify route (refresh without a token: 401 unauthorised)", async () => {
    const response = await fetch(`${url}/auth/session/refresh`, {
      method: "POST",
      headers: { rid: "session" },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "unauthorised" });
  });

  it("leaves unknown paths under apiBasePath to Fastify's 404", async () => {
    const response = await fetch(`${url}/auth/no-such-api`);
    expect(response.status).toBe(404);
  });
});
