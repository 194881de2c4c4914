/**
 * Code from SuperTokens' docs calls supertokens-node's BaseRequest/BaseResponse method names on
 * `options.req`/`options.res` (API overrides) and on the request/response given to
 * `errorHandlers`. Those names must work on our wrappers.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Browser, startSessionApp, type SessionApp } from "../support/session-app";
import { FetchSdkRequest, CollectingResponse } from "../../src/framework/fetch";

let app: SessionApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("supertokens-node's request/response method names", () => {
  it("work in an API override (getHeaderValue, getMethod, getCookieValue, setStatusCode, sendJSONResponse)", async () => {
    app = await startSessionApp({
      session: {
        override: {
          apis: (original) => ({
            ...original,
            signOutPOST: async ({ options }) => {
              const req = options.req;
              const res = options.res;
              res.setStatusCode(202);
              res.sendJSONResponse({
                header: req.getHeaderValue("X-Custom"),
                method: req.getMethod(),
                cookie: req.getCookieValue("flavour") ?? null,
                query: req.getKeyValueFromQuery("q") ?? null,
                url: req.getOriginalURL(),
                wrapped: req.wrapperUsed,
              });
              return { status: "OK" };
            },
          }),
        },
      },
    });
    const browser = new Browser(app.url);
    await browser.post("/create", { userId: "official-names" }, { "st-auth-mode": "cookie" });
    const answer = await browser.post("/auth/signout?q=1", undefined, {
      "x-custom": "yes",
      rid: "session",
      cookie: [...browser.jar]
        .map(([name, value]) => `${name}=${value}`)
        .concat("flavour=vanilla")
        .join("; "),
    });
    expect(answer.status).toBe(202);
    const body = answer.body as Record<string, unknown>;
    expect(body).toMatchObject({
      header: "yes",
      method: "post",
      cookie: "vanilla",
      query: "1",
      wrapped: true,
    });
    expect(String(body.url)).toContain("/auth/signout?q=1");
  });

  it("work in errorHandlers (onUnauthorised answering with setStatusCode + sendJSONResponse)", async () => {
    app = await startSessionApp({
      session: {
        errorHandlers: {
          onUnauthorised: async (message, request, response) => {
            response.setStatusCode(418);
            response.sendJSONResponse({ custom: message, method: request.getMethod() });
          },
        },
      },
    });
    const answer = await new Browser(app.url).get("/protected");
    expect(answer.status).toBe(418);
    expect(answer.body).toEqual({ custom: expect.any(String), method: "get" });
  });

  it("setCookie accepts supertokens-node's positional form as well as ours", () => {
    const res = new CollectingResponse();
    const expires = Date.now() + 60_000;
    res.setCookie("a", "1", undefined, true, true, expires, "/", "lax");
    res.setCookie({
      name: "b",
      value: "2",
      path: "/x",
      expires,
      httpOnly: false,
      secure: false,
      sameSite: "strict",
    });
    const lines = res.toResponse().headers.getSetCookie();
    expect(lines.find((l) => l.startsWith("a=1"))).toMatch(/Path=\/.*HttpOnly.*Secure.*SameSite=Lax/i);
    expect(lines.find((l) => l.startsWith("b=2"))).toMatch(/Path=\/x/);
  });

  it("a fetch request answers getFormData and getHeaderValue case-insensitively", async () => {
    const req = new FetchSdkRequest(
      new Request("http://localhost/auth/callback/apple", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "code=abc&state=xyz",
      }),
    );
    expect(req.getHeaderValue("Content-Type")).toBe("application/x-www-form-urlencoded");
    expect(await req.getFormData()).toEqual({ code: "abc", state: "xyz" });
  });
});
