/**
 * `examples/nextjs-app-router` as Next.js runs it, minus Next.js: the example's own route handlers
 * (`app/api/auth/[[...path]]/route.ts`, `app/api/user/route.ts`) called with real `NextRequest`s.
 * `supertokens-node` resolves through the example's alias to @portcullis/node (dist), so this
 * also proves the docs' imports work unchanged. Core: real, over HTTP (SQLite).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../../../core/test/support/core";
import {
  describeProtectedRoute,
  SessionClient,
  type ProtectedRouteTarget,
} from "../support/protected-route-suite";

const exampleDir = path.resolve(__dirname, "../../../../examples/nextjs-app-router");
const exampleRequire = createRequire(path.join(exampleDir, "package.json"));
const ORIGIN = "http://localhost:3000";
const NO_CACHE = "no-cache, no-store, max-age=0, must-revalidate";

type RouteModule = Record<string, (request: Request) => Promise<Response> | Response>;

let core: TestCore;
let authRoute: RouteModule;
let userRoute: RouteModule;
let createSessionRoute: (request: Request) => Promise<Response>;
let nextjs: any;

beforeAll(async () => {
  core = await startTestCore({ engine: "sqlite" });
  process.env.SUPERTOKENS_CONNECTION_URI = core.url;
  process.env.API_DOMAIN = ORIGIN;
  process.env.WEBSITE_DOMAIN = ORIGIN;
  // Loaded by Node itself (tsx compiles the TypeScript), so `supertokens-node` resolves as Next.js
  // resolves it: through the example's node_modules. (Vite's resolver, given an importer under
  // `[[...path]]`, falls back to the repository root's official supertokens-node.)
  const { require: tsxRequire } = exampleRequire("tsx/cjs/api") as {
    require: (id: string, from: string) => any;
  };
  authRoute = tsxRequire(path.join(exampleDir, "app/api/auth/[[...path]]/route.ts"), __filename);
  userRoute = tsxRequire(path.join(exampleDir, "app/api/user/route.ts"), __filename);

  // What an app's sign-in route would do in the App Router (the docs' pattern for createNewSession).
  nextjs = exampleRequire("supertokens-node/nextjs");
  const Session = exampleRequire("supertokens-node/recipe/session");
  const { RecipeUserId } = exampleRequire("supertokens-node");
  const { NextResponse } = exampleRequire("next/server");
  createSessionRoute = (request) =>
    nextjs.withPreParsedRequestResponse(request, async (baseRequest: unknown, baseResponse: unknown) => {
      const userId = new URL(request.url).searchParams.get("userId")!;
      await Session.createNewSession(baseRequest, baseResponse, "public", new RecipeUserId(userId));
      return NextResponse.json({ status: "OK" });
    });
});

afterAll(async () => {
  await core?.close();
});

/** Next.js's routing, reduced to this example: path → the route module's method export. */
async function dispatch(request: Request): Promise<Response> {
  const { NextRequest } = exampleRequire("next/server");
  const nextRequest = new NextRequest(request);
  const { pathname } = new URL(request.url);
  if (pathname === "/api/test/create-session" && request.method === "POST")
    return createSessionRoute(nextRequest);
  const route =
    pathname.startsWith("/api/auth/") || pathname === "/api/auth"
      ? authRoute
      : pathname === "/api/user"
        ? userRoute
        : undefined;
  const handler = route?.[request.method];
  if (handler === undefined) return new Response("Not found", { status: 404 });
  return handler(nextRequest);
}

const target = (): ProtectedRouteTarget => ({
  origin: ORIGIN,
  send: dispatch,
  apiBasePath: "/api/auth",
  createSessionPath: "/api/test/create-session",
  protectedPath: "/api/user",
});

describeProtectedRoute("Next.js App Router example (route handlers)", target, { publicRoute: false });

describe("app/api/auth/[[...path]]/route.ts: Cache-Control on GET", () => {
  it(`adds '${NO_CACHE}' to a GET answer that has no Cache-Control`, async () => {
    const answer = await new SessionClient(target()).call("GET", "/api/auth/no-such-api");
    expect(answer.status).toBe(404);
    expect(answer.headers.get("cache-control")).toBe(NO_CACHE);
  });

  it("keeps the Cache-Control the SDK set on a GET answer (jwks.json)", async () => {
    const answer = await new SessionClient(target()).call("GET", "/api/auth/jwt/jwks.json");
    expect(answer.status).toBe(200);
    expect(answer.body.keys.length).toBeGreaterThan(0);
    expect(answer.headers.get("cache-control")).toMatch(/^max-age=\d+, must-revalidate$/);
  });

  it("leaves other methods' answers as the handler made them", async () => {
    const answer = await new SessionClient(target()).call("POST", "/api/auth/no-such-api");
    expect(answer.status).toBe(404);
    expect(answer.headers.get("cache-control")).toBeNull();
  });
});

describe("getAppDirRequestHandler", () => {
  it("works called without the legacy NextResponse argument", async () => {
    const handleCall = nextjs.getAppDirRequestHandler() as (request: Request) => Promise<Response>;
    const client = new SessionClient({
      ...target(),
      send: async (request) =>
        new URL(request.url).pathname.startsWith("/api/auth") ? handleCall(request) : dispatch(request),
    });
    await client.call("POST", "/api/test/create-session?userId=no-arg-handler", { "st-auth-mode": "cookie" });
    const refreshed = await client.call("POST", "/api/auth/session/refresh", { rid: "session" });
    expect(refreshed.status).toBe(200);
    expect(refreshed.setCookies.get("sAccessToken")?.expired).toBe(false);
  });

  it("answers 404 for paths outside the SDK's APIs", async () => {
    const handleCall = nextjs.getAppDirRequestHandler() as (request: Request) => Promise<Response>;
    const answer = await handleCall(new Request(`${ORIGIN}/api/auth/nothing-here`, { method: "POST" }));
    expect(answer.status).toBe(404);
  });
});

describe("getSSRSession", () => {
  it("returns the access token payload for a valid sAccessToken cookie", async () => {
    const client = new SessionClient(target());
    await client.call("POST", "/api/test/create-session?userId=ssr-user", { "st-auth-mode": "cookie" });
    const result = await nextjs.getSSRSession([
      { name: "sAccessToken", value: decodeURIComponent(client.cookie("sAccessToken")!) },
    ]);
    expect(result.hasToken).toBe(true);
    expect(result.error).toBeUndefined();
    expect(result.accessTokenPayload.sub).toBe("ssr-user");
  });

  it("reports hasToken false and no payload without the cookie", async () => {
    const result = await nextjs.getSSRSession([{ name: "other", value: "x" }]);
    expect(result).toEqual({ accessTokenPayload: undefined, hasToken: false, error: undefined });
  });

  it("gives no payload (and no error) for a tampered token, so the page lets the frontend refresh", async () => {
    const client = new SessionClient(target());
    await client.call("POST", "/api/test/create-session?userId=ssr-tampered", { "st-auth-mode": "cookie" });
    const token = decodeURIComponent(client.cookie("sAccessToken")!);
    const result = await nextjs.getSSRSession([{ name: "sAccessToken", value: `${token.slice(0, -4)}AAAA` }]);
    expect(result).toEqual({ accessTokenPayload: undefined, hasToken: true, error: undefined });
  });
});

describe("superTokensNextWrapper (Pages Router)", () => {
  it("answers the SDK's APIs through middleware() and leaves other requests to the page", async () => {
    const { middleware } = exampleRequire("supertokens-node/framework/express");
    const { listen } = await import("../support/servers");
    const server = await listen((req, res) => {
      nextjs
        .superTokensNextWrapper(
          async (next: (err?: unknown) => void) => middleware()(req, res, next),
          req,
          res,
        )
        .then(() => {
          if (!res.writableEnded) res.end("page");
        });
    });
    try {
      const refresh = await fetch(`${server.url}/api/auth/session/refresh`, {
        method: "POST",
        headers: { rid: "session" },
      });
      expect(refresh.status).toBe(401);
      expect(await refresh.json()).toEqual({ message: "unauthorised" });
      const page = await fetch(`${server.url}/dashboard`);
      expect(await page.text()).toBe("page");
    } finally {
      await server.close();
    }
  });
});
