import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertokens from "../../src/index";
import { handleFetchRequest } from "../../src/framework/fetch";
import SuperTokens from "../../src/supertokens";
import { listen, type RunningServer } from "../support/servers";
import { baseAppInfo, testRecipe } from "../support/test-recipe";

let server: RunningServer;

/** Requests go through a real node:http server into the fetch adapter (handleFetchRequest). */
async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text.startsWith("{") ? JSON.parse(text) : text };
}

beforeAll(async () => {
  supertokens.init({
    supertokens: { connectionURI: "http://localhost:3567" },
    appInfo: { ...baseAppInfo, apiBasePath: "/api/auth" },
    recipeList: [
      testRecipe({
        recipeId: "emailpassword",
        apis: [
          { method: "post", pathWithoutApiBasePath: "/signin", id: "signin" },
          { method: "get", pathWithoutApiBasePath: "/signup/email/exists", id: "ep-exists" },
          { method: "post", pathWithoutApiBasePath: "/t2/signin", id: "literal-t2-signin" },
          { method: "post", pathWithoutApiBasePath: "/disabled", id: "disabled", disabled: true },
        ],
      }),
      testRecipe({
        recipeId: "passwordless",
        apis: [{ method: "get", pathWithoutApiBasePath: "/signup/email/exists", id: "pl-exists" }],
      }),
    ],
  });
  server = await listen(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const method = req.method ?? "GET";
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks),
    });
    const response = await handleFetchRequest(request);
    if (response === undefined) {
      res.statusCode = 404;
      res.end("not handled");
      return;
    }
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(await response.text());
  });
});

afterAll(async () => {
  await server.close();
  SuperTokens.reset();
});

describe("routing: apiBasePath", () => {
  it("answers a path under apiBasePath with tenant public", async () => {
    expect(await call("/api/auth/signin", { method: "POST" })).toEqual({
      status: 200,
      body: { recipe: "emailpassword", id: "signin", tenantId: "public" },
    });
  });

  it("ignores one trailing slash", async () => {
    expect((await call("/api/auth/signin/", { method: "POST" })).body).toMatchObject({ id: "signin" });
  });

  it("does not answer outside apiBasePath", async () => {
    expect(await call("/auth/signin", { method: "POST" })).toEqual({ status: 404, body: "not handled" });
  });

  it("does not answer another method on the same path", async () => {
    expect((await call("/api/auth/signin")).status).toBe(404);
  });

  it("does not answer a disabled API", async () => {
    expect((await call("/api/auth/disabled", { method: "POST" })).status).toBe(404);
  });
});

describe("routing: tenant prefix", () => {
  it("takes the tenant from /<tenant>/<api>", async () => {
    expect((await call("/api/auth/t1/signin", { method: "POST" })).body).toEqual({
      recipe: "emailpassword",
      id: "signin",
      tenantId: "t1",
    });
  });

  it("lets an exact unprefixed match win over a tenant reading", async () => {
    expect((await call("/api/auth/t2/signin", { method: "POST" })).body).toEqual({
      recipe: "emailpassword",
      id: "literal-t2-signin",
      tenantId: "public",
    });
  });

  it("refuses tenant ids outside [a-zA-Z0-9-]", async () => {
    expect((await call("/api/auth/t_1/signin", { method: "POST" })).status).toBe(404);
  });
});

describe("routing: rid header", () => {
  it("picks the recipe a rid names when two share a path", async () => {
    expect(
      (await call("/api/auth/signup/email/exists", { headers: { rid: "passwordless" } })).body,
    ).toMatchObject({ id: "pl-exists" });
    expect(
      (await call("/api/auth/signup/email/exists", { headers: { rid: "emailpassword" } })).body,
    ).toMatchObject({ id: "ep-exists" });
  });

  it("maps the legacy thirdpartypasswordless rid to passwordless", async () => {
    expect(
      (await call("/api/auth/signup/email/exists", { headers: { rid: "thirdpartypasswordless" } })).body,
    ).toMatchObject({ id: "pl-exists" });
  });

  it("treats rid anti-csrf as absent", async () => {
    expect(
      (await call("/api/auth/signup/email/exists", { headers: { rid: "anti-csrf" } })).body,
    ).toMatchObject({ id: "ep-exists" });
  });

  it("falls back to the path when the rid names another recipe", async () => {
    expect(
      (await call("/api/auth/signin", { method: "POST", headers: { rid: "thirdparty" } })).body,
    ).toMatchObject({ id: "signin" });
  });
});
