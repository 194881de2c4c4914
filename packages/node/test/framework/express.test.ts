import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertokens from "../../src/index";
import { errorHandler, middleware } from "../../src/framework/express";
import SuperTokens from "../../src/supertokens";
import { listen, type RunningServer } from "../support/servers";
import { baseAppInfo, testRecipe } from "../support/test-recipe";

let server: RunningServer;
let serverWithParser: RunningServer;

function app(withJsonParser: boolean) {
  const application = express();
  if (withJsonParser) application.use(express.json());
  application.use(middleware());
  application.get("/hello", (_req, res) => {
    res.json({ hello: "world" });
  });
  application.get("/auth-like", (_req, res) => {
    res.send("not under /auth");
  });
  application.use(errorHandler());
  application.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(599).json({ fellThrough: err.message });
  });
  return application;
}

beforeAll(async () => {
  supertokens.init({
    supertokens: { connectionURI: "http://localhost:3567" },
    appInfo: baseAppInfo,
    recipeList: [
      testRecipe({
        recipeId: "session",
        apis: [
          { method: "post", pathWithoutApiBasePath: "/echo", id: "echo-body" },
          { method: "get", pathWithoutApiBasePath: "/echo", id: "echo-body" },
          { method: "post", pathWithoutApiBasePath: "/bad", id: "bad-input" },
          { method: "post", pathWithoutApiBasePath: "/own", id: "own-error" },
          { method: "post", pathWithoutApiBasePath: "/plain", id: "plain-error" },
          { method: "get", pathWithoutApiBasePath: "/decline", id: "decline" },
        ],
      }),
    ],
  });
  server = await listen(app(false));
  serverWithParser = await listen(app(true));
});

afterAll(async () => {
  await server.close();
  await serverWithParser.close();
  SuperTokens.reset();
});

describe("express middleware(): pass-through", () => {
  it("lets routes outside apiBasePath through", async () => {
    const response = await fetch(`${server.url}/hello`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hello: "world" });
  });

  it("does not treat a path that only starts with the base path's letters as its own", async () => {
    const response = await fetch(`${server.url}/auth-like`);
    expect(await response.text()).toBe("not under /auth");
  });

  it("calls next() for an unknown path under apiBasePath (Express answers 404)", async () => {
    const response = await fetch(`${server.url}/auth/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Cannot GET /auth/nothing-here");
  });

  it("calls next() when the recipe declines the request", async () => {
    const response = await fetch(`${server.url}/auth/decline`);
    expect(response.status).toBe(404);
  });
});

describe("express middleware(): request reading", () => {
  it("reads the JSON body from the stream without express.json()", async () => {
    const response = await fetch(`${server.url}/auth/echo?q=1`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "a=b; sAccessToken=tok%2Ben" },
      body: JSON.stringify({ email: "a@b.c" }),
    });
    expect(await response.json()).toEqual({ body: { email: "a@b.c" }, cookie: "tok+en", query: "1" });
  });

  it("uses the body express.json() already parsed", async () => {
    const response = await fetch(`${serverWithParser.url}/auth/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ parsed: true }),
    });
    expect(await response.json()).toMatchObject({ body: { parsed: true } });
  });

  it("reads an empty body as {}", async () => {
    const response = await fetch(`${server.url}/auth/echo`, { method: "POST" });
    expect(await response.json()).toMatchObject({ body: {} });
  });

  it("answers malformed JSON with 400 and a message", async () => {
    const response = await fetch(`${server.url}/auth/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "Invalid JSON body" });
  });
});

describe("express errorHandler", () => {
  it("maps BAD_INPUT_ERROR to 400 {message}", async () => {
    const response = await fetch(`${server.url}/auth/bad`, { method: "POST" });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "email is missing" });
  });

  it("hands a recipe's own error to that recipe's handleError", async () => {
    const response = await fetch(`${server.url}/auth/own`, { method: "POST" });
    expect(response.status).toBe(418);
    expect(await response.json()).toEqual({ message: "handled by the recipe", recipe: "session" });
  });

  it("passes errors it does not know to the next error handler", async () => {
    const response = await fetch(`${server.url}/auth/plain`, { method: "POST" });
    expect(response.status).toBe(599);
    expect(await response.json()).toEqual({ fellThrough: "plain failure" });
  });
});
