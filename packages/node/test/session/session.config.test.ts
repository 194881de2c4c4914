import { afterEach, describe, expect, it } from "vitest";
import SuperTokens from "../../src/supertokens";
import * as Session from "../../src/recipe/session/index";
import { Browser, startSessionApp, type SessionApp } from "../support/session-app";

let app: SessionApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await SuperTokens.resetAsync();
});

function initWith(appInfo: Record<string, string>, session: Parameters<typeof Session.init>[0]) {
  SuperTokens.init({
    supertokens: { connectionURI: "http://127.0.0.1:1" },
    appInfo: { appName: "t", ...appInfo } as any,
    recipeList: [Session.init(session)],
  });
}

describe("Session.init validation", () => {
  it("refuses equal sessionExpiredStatusCode and invalidClaimStatusCode", () => {
    expect(() =>
      initWith(
        { apiDomain: "http://localhost:3001", websiteDomain: "http://localhost:3000" },
        { invalidClaimStatusCode: 401 },
      ),
    ).toThrow(/must differ/);
  });

  it("refuses an unknown antiCsrf mode", () => {
    expect(() =>
      initWith(
        { apiDomain: "http://localhost:3001", websiteDomain: "http://localhost:3000" },
        { antiCsrf: "MAYBE" as any },
      ),
    ).toThrow(/antiCsrf must be/);
  });

  it("refuses SameSite=None without Secure for cross-site, non-local domains", () => {
    expect(() =>
      initWith({ apiDomain: "http://api.example.com", websiteDomain: "http://example.org" }, {}),
    ).toThrow(/Secure/);
  });

  it("allows SameSite=None without Secure when both sides are local", () => {
    expect(() =>
      initWith(
        { apiDomain: "http://127.0.0.1:3001", websiteDomain: "http://localhost:3000" },
        { cookieSameSite: "none" },
      ),
    ).not.toThrow();
  });
});

describe("cookie options", () => {
  it("cookieDomain adds Domain, cookieSecure adds Secure, accessTokenPath sets the access cookie's Path", async () => {
    app = await startSessionApp({
      session: { cookieDomain: ".example.com", cookieSecure: true, accessTokenPath: "/api" },
    });
    const answer = await new Browser(app.url).post(
      "/create",
      { userId: "cfg-1" },
      { "st-auth-mode": "cookie" },
    );
    const access = answer.cookie("sAccessToken")!;
    expect(access.attributes.domain).toBe(".example.com");
    expect(access.attributes.secure).toBe(true);
    expect(access.attributes.path).toBe("/api");
    expect(answer.cookie("sRefreshToken")!.attributes.domain).toBe(".example.com");
  });

  it("cookieSameSite overrides the derived value", async () => {
    app = await startSessionApp({ session: { cookieSameSite: "strict" } });
    const answer = await new Browser(app.url).post(
      "/create",
      { userId: "cfg-2" },
      { "st-auth-mode": "cookie" },
    );
    expect(answer.cookie("sAccessToken")!.attributes.samesite).toBe("Strict");
  });

  it("exposeAccessTokenToFrontendInCookieBasedAuth also sends st-access-token in cookie mode", async () => {
    app = await startSessionApp({ session: { exposeAccessTokenToFrontendInCookieBasedAuth: true } });
    const answer = await new Browser(app.url).post(
      "/create",
      { userId: "cfg-3" },
      { "st-auth-mode": "cookie" },
    );
    expect(answer.headers.get("st-access-token")).toBe(answer.cookie("sAccessToken")!.value);
    expect(answer.headers.get("st-refresh-token")).toBeNull();
  });

  it("getTokenTransferMethod can force cookie mode whatever st-auth-mode says", async () => {
    app = await startSessionApp({ session: { getTokenTransferMethod: () => "cookie" } });
    const answer = await new Browser(app.url).post(
      "/create",
      { userId: "cfg-4" },
      { "st-auth-mode": "header" },
    );
    expect(answer.cookie("sAccessToken")).toBeDefined();
    expect(answer.headers.get("st-access-token")).toBeNull();
  });
});

describe("olderCookieDomain", () => {
  it("on refresh with duplicate cookies, expires the older-domain ones and answers 200 {message}", async () => {
    app = await startSessionApp({
      session: { cookieDomain: "api.example.com", olderCookieDomain: ".example.com" },
    });
    const browser = new Browser(app.url);
    await browser.post("/create", { userId: "cfg-5" }, { "st-auth-mode": "cookie" });
    const access = browser.jar.get("sAccessToken")!;
    const refresh = browser.jar.get("sRefreshToken")!;
    const answer = await browser.send("POST", "/auth/session/refresh", {
      headers: {
        rid: "session",
        cookie: `sAccessToken=${access}; sRefreshToken=${refresh}; sAccessToken=old; sRefreshToken=old`,
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.message).toMatch(/multiple session cookies/);
    for (const name of ["sAccessToken", "sRefreshToken"]) {
      const cookie = answer.cookie(name)!;
      expect(cookie.attributes.domain).toBe(".example.com");
      expect(cookie.attributes.expires).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    }
  });
});

describe("useDynamicAccessTokenSigningKey: false", () => {
  it("signs with a static key (kid s-…), verifies it, and asks to refresh a dynamic-key token", async () => {
    app = await startSessionApp({ session: { useDynamicAccessTokenSigningKey: false } });
    const browser = new Browser(app.url);
    const created = await browser.post("/create", { userId: "cfg-6" }, { "st-auth-mode": "header" });
    const access = created.headers.get("st-access-token")!;
    const kid = JSON.parse(Buffer.from(access.split(".")[0], "base64url").toString()).kid;
    expect(kid).toMatch(/^s-/);
    expect((await browser.get("/protected", { authorization: `Bearer ${access}` })).status).toBe(200);

    // A token signed with a dynamic key (as before a config change) must be re-issued.
    const dynamic = await fetch(`${app.coreURL}/public/recipe/session`, {
      method: "POST",
      headers: { "content-type": "application/json", "cdi-version": "5.4", rid: "session" },
      body: JSON.stringify({
        userId: "cfg-7",
        userDataInJWT: {},
        userDataInDatabase: {},
        enableAntiCsrf: false,
        useDynamicSigningKey: true,
      }),
    }).then((r) => r.json());
    const answer = await browser.get("/protected", { authorization: `Bearer ${dynamic.accessToken.token}` });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "try refresh token" });
    const refreshed = await browser.send("POST", "/auth/session/refresh", {
      headers: { rid: "session", authorization: `Bearer ${dynamic.refreshToken.token}` },
    });
    expect(refreshed.status).toBe(200);
    const newKid = JSON.parse(
      Buffer.from(refreshed.headers.get("st-access-token")!.split(".")[0], "base64url").toString(),
    ).kid;
    expect(newKid).toMatch(/^s-/);
  });
});
