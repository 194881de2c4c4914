/**
 * framework/custom specifics beyond the shared suite (which runs it on plain node:http):
 * PreParsedRequest + CollectingResponse, the `{handled}` result and `next` semantics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollectingResponse, PreParsedRequest, errorHandler, middleware } from "../../src/framework/custom";
import RecipeUserId from "../../src/recipe-user-id";
import * as Session from "../../src/recipe/session/index";
import { startAdapterSdk, type AdapterSdk } from "../support/adapter-sdk";

let sdk: AdapterSdk;

beforeAll(async () => {
  sdk = await startAdapterSdk();
});

afterAll(async () => {
  await sdk?.close();
});

function preParsed(
  method: string,
  url: string,
  init: { headers?: Record<string, string>; cookies?: Record<string, string> } = {},
): PreParsedRequest {
  return new PreParsedRequest({
    url,
    method,
    headers: new Headers(init.headers),
    cookies: init.cookies ?? {},
    query: Object.fromEntries(new URL(url).searchParams),
    getJSONBody: async () => ({}),
    getFormBody: async () => ({}),
  });
}

describe("custom middleware() with PreParsedRequest and CollectingResponse", () => {
  it("collects the refresh answer: status, cookies (CookieInfo), front-token and body", async () => {
    const created = new CollectingResponse();
    await Session.createNewSession(
      preParsed("POST", "http://localhost:3001/login", { headers: { "st-auth-mode": "cookie" } }),
      created,
      "public",
      new RecipeUserId("custom-user"),
    );
    const refreshToken = created.cookies.find((c) => c.key === "sRefreshToken")!.value;

    const response = new CollectingResponse();
    const result = await middleware()(
      preParsed("POST", "http://localhost:3001/auth/session/refresh", {
        headers: { rid: "session" },
        cookies: { sRefreshToken: refreshToken },
      }),
      response,
    );

    expect(result).toEqual({ handled: true });
    expect(response.statusCode).toBe(200);
    expect(response.cookies.map((c) => c.key).sort()).toEqual(["sAccessToken", "sRefreshToken"]);
    expect(response.cookies.find((c) => c.key === "sRefreshToken")!.path).toBe("/auth/session/refresh");
    expect(response.headers.get("front-token")).toBeTruthy();
    expect(response.getSetCookieHeaders()).toHaveLength(2);
  });

  it("resolves { handled: false } and calls next() for paths that are not the SDK's", async () => {
    let nextArguments: unknown[] | undefined;
    const result = await middleware()(
      preParsed("GET", "http://localhost:3001/products"),
      new CollectingResponse(),
      (...args: unknown[]) => {
        nextArguments = args;
      },
    );
    expect(result).toEqual({ handled: false });
    expect(nextArguments).toEqual([]);
  });

  it("answers a Session error itself (refresh without a token: 401) and reports it handled", async () => {
    const response = new CollectingResponse();
    const result = await middleware()(
      preParsed("POST", "http://localhost:3001/auth/session/refresh", { headers: { rid: "session" } }),
      response,
    );
    expect(result).toEqual({ handled: true });
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body!)).toEqual({ message: "unauthorised" });
  });
});

describe("custom errorHandler()", () => {
  it("answers a Session error and calls next() without an error", async () => {
    const response = new CollectingResponse();
    const request = preParsed("GET", "http://localhost:3001/protected");
    const error = await Session.getSession(request, response).then(
      () => undefined,
      (err: unknown) => err,
    );
    let nextArguments: unknown[] | undefined;
    await errorHandler()(error, request, response, (...args: unknown[]) => {
      nextArguments = args;
    });
    expect(response.statusCode).toBe(401);
    expect(nextArguments).toEqual([]);
  });

  it("passes errors that are not SuperTokens' to next(err)", async () => {
    const failure = new Error("database down");
    let nextArguments: unknown[] | undefined;
    await errorHandler()(
      failure,
      preParsed("GET", "http://localhost:3001/x"),
      new CollectingResponse(),
      (...args: unknown[]) => {
        nextArguments = args;
      },
    );
    expect(nextArguments).toEqual([failure]);
  });
});
