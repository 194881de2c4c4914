import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, startSessionApp, type SessionApp } from "../support/session-app";

/** docs/protocol/fdi.md §3.5: the three anti-CSRF modes and the default derived from SameSite. */

describe("antiCsrf: VIA_TOKEN", () => {
  let app: SessionApp;
  beforeAll(async () => {
    app = await startSessionApp({ session: { antiCsrf: "VIA_TOKEN" } });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function login(userId: string) {
    const browser = new Browser(app.url);
    const answer = await browser.post("/create", { userId }, { "st-auth-mode": "cookie" });
    return { browser, antiCsrf: answer.headers.get("anti-csrf"), answer };
  }

  it("sends an anti-csrf header on create and exposes it", async () => {
    const { antiCsrf, answer } = await login("csrf-1");
    expect(antiCsrf).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.headers.get("access-control-expose-headers")).toContain("anti-csrf");
  });

  it("refuses a cookie-authenticated POST without the anti-csrf header (401 try refresh token)", async () => {
    const { browser } = await login("csrf-2");
    const answer = await browser.post("/protected");
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "try refresh token" });
  });

  it("refuses a POST with a wrong anti-csrf value", async () => {
    const { browser, antiCsrf } = await login("csrf-3");
    const wrong = antiCsrf!.replace(/^./, (c) => (c === "a" ? "b" : "a"));
    expect((await browser.post("/protected", undefined, { "anti-csrf": wrong })).status).toBe(401);
  });

  it("accepts a POST echoing the anti-csrf token", async () => {
    const { browser, antiCsrf } = await login("csrf-4");
    const answer = await browser.post("/protected", undefined, { "anti-csrf": antiCsrf! });
    expect(answer.status).toBe(200);
  });

  it("skips the check on GET", async () => {
    const { browser } = await login("csrf-5");
    expect((await browser.get("/protected")).status).toBe(200);
  });

  it("does not issue or check a token for header-mode sessions", async () => {
    const created = await new Browser(app.url).post(
      "/create",
      { userId: "csrf-6" },
      { "st-auth-mode": "header" },
    );
    expect(created.headers.get("anti-csrf")).toBeNull();
    const answer = await new Browser(app.url).post("/protected", undefined, {
      authorization: `Bearer ${created.headers.get("st-access-token")}`,
    });
    expect(answer.status).toBe(200);
  });

  it("refresh with the anti-csrf token answers 200 and a new anti-csrf token", async () => {
    const { browser, antiCsrf } = await login("csrf-7");
    const answer = await browser.send("POST", "/auth/session/refresh", {
      headers: { rid: "session", "anti-csrf": antiCsrf! },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("anti-csrf")).toBeTruthy();
    expect(answer.headers.get("anti-csrf")).not.toBe(antiCsrf);
  });

  it("refresh without the anti-csrf token answers 401 unauthorised", async () => {
    const { browser } = await login("csrf-8");
    const answer = await browser.send("POST", "/auth/session/refresh", { headers: { rid: "session" } });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "unauthorised" });
  });
});

describe("antiCsrf: VIA_CUSTOM_HEADER", () => {
  let app: SessionApp;
  beforeAll(async () => {
    app = await startSessionApp({ session: { antiCsrf: "VIA_CUSTOM_HEADER" } });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function login(userId: string) {
    const browser = new Browser(app.url);
    await browser.post("/create", { userId }, { "st-auth-mode": "cookie" });
    return browser;
  }

  it("refuses a cookie-authenticated POST without any rid header (401 try refresh token)", async () => {
    const browser = await login("ch-1");
    const answer = await browser.post("/protected");
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "try refresh token" });
  });

  it("accepts a POST carrying any rid", async () => {
    const browser = await login("ch-2");
    expect((await browser.post("/protected", undefined, { rid: "anti-csrf" })).status).toBe(200);
  });

  it("skips the check on GET and for header-mode tokens", async () => {
    const browser = await login("ch-3");
    expect((await browser.get("/protected")).status).toBe(200);
    const created = await new Browser(app.url).post(
      "/create",
      { userId: "ch-4" },
      { "st-auth-mode": "header" },
    );
    const answer = await new Browser(app.url).post("/protected", undefined, {
      authorization: `Bearer ${created.headers.get("st-access-token")}`,
    });
    expect(answer.status).toBe(200);
  });

  it("refuses a refresh without rid with 401 unauthorised and clears the tokens", async () => {
    const browser = await login("ch-5");
    const answer = await browser.send("POST", "/auth/session/refresh");
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "unauthorised" });
    expect(answer.headers.get("front-token")).toBe("remove");
    expect(answer.cookie("sRefreshToken")!.attributes.expires).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
  });

  it("accepts a refresh with rid", async () => {
    const browser = await login("ch-6");
    expect(
      (await browser.send("POST", "/auth/session/refresh", { headers: { rid: "session" } })).status,
    ).toBe(200);
  });
});

describe("antiCsrf default", () => {
  it("is NONE when API and website are same-site: a POST without rid or token passes", async () => {
    const app = await startSessionApp();
    try {
      const browser = new Browser(app.url);
      await browser.post("/create", { userId: "d-1" }, { "st-auth-mode": "cookie" });
      expect((await browser.post("/protected")).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it("is VIA_CUSTOM_HEADER when SameSite resolves to none (cross-site https), with Secure; SameSite=None cookies", async () => {
    const app = await startSessionApp({
      appInfo: { apiDomain: "https://api.example.com", websiteDomain: "https://app.example.org" },
    });
    try {
      const browser = new Browser(app.url);
      const created = await browser.post("/create", { userId: "d-2" }, { "st-auth-mode": "cookie" });
      const cookie = created.cookie("sAccessToken")!;
      expect(cookie.attributes.samesite).toBe("None");
      expect(cookie.attributes.secure).toBe(true);
      const refused = await browser.post("/protected");
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({ message: "try refresh token" });
      expect((await browser.post("/protected", undefined, { rid: "session" })).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
