import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_DOMAIN,
  Browser,
  decodeFrontToken,
  decodeJWTPayload,
  startSessionApp,
  type SessionApp,
} from "../support/session-app";

let app: SessionApp;

beforeAll(async () => {
  app = await startSessionApp();
});
afterAll(async () => {
  await app?.close();
});

describe("createNewSession in cookie mode (st-auth-mode: cookie)", () => {
  it("sets sAccessToken with Path=/, HttpOnly, SameSite=Lax and a one-year expiry", async () => {
    const browser = new Browser(app.url);
    const answer = await browser.post("/create", { userId: "user-1" }, { "st-auth-mode": "cookie" });
    expect(answer.status).toBe(200);
    const cookie = answer.cookie("sAccessToken")!;
    expect(cookie).toBeDefined();
    expect(cookie.attributes.path).toBe("/");
    expect(cookie.attributes.httponly).toBe(true);
    expect(cookie.attributes.samesite).toBe("Lax");
    expect(cookie.attributes.secure).toBeUndefined();
    expect(cookie.attributes.domain).toBeUndefined();
    const expires = Date.parse(cookie.attributes.expires as string);
    expect(expires).toBeGreaterThan(Date.now() + 360 * 24 * 3600 * 1000);
    expect(decodeJWTPayload(cookie.value).sub).toBe("user-1");
  });

  it("sets sRefreshToken with Path={apiBasePath}/session/refresh and the core's refresh expiry", async () => {
    const browser = new Browser(app.url);
    const answer = await browser.post("/create", { userId: "user-2" }, { "st-auth-mode": "cookie" });
    const cookie = answer.cookie("sRefreshToken")!;
    expect(cookie.attributes.path).toBe("/auth/session/refresh");
    expect(cookie.attributes.httponly).toBe(true);
    const expires = Date.parse(cookie.attributes.expires as string);
    // default refresh_token_validity: 144000 minutes (100 days)
    expect(Math.abs(expires - (Date.now() + 144000 * 60 * 1000))).toBeLessThan(60_000);
  });

  it("sends a front-token {uid, ate, up} matching the access token and exposes it", async () => {
    const browser = new Browser(app.url);
    const answer = await browser.post(
      "/create",
      { userId: "user-3", payload: { role: "admin" } },
      { "st-auth-mode": "cookie" },
    );
    const front = decodeFrontToken(answer.headers.get("front-token")!);
    const jwtPayload = decodeJWTPayload(answer.cookie("sAccessToken")!.value);
    expect(front.uid).toBe("user-3");
    expect(Math.floor(front.ate / 1000)).toBe(jwtPayload.exp);
    expect(front.up).toEqual(jwtPayload);
    expect(front.up.role).toBe("admin");
    expect(answer.headers.get("access-control-expose-headers")).toContain("front-token");
    expect(answer.headers.get("st-access-token")).toBeNull();
    expect(answer.headers.get("st-refresh-token")).toBeNull();
    expect(answer.headers.get("anti-csrf")).toBeNull();
  });

  it("strips protected keys from the custom payload and adds iss = apiDomain + apiBasePath", async () => {
    const browser = new Browser(app.url);
    const answer = await browser.post(
      "/create",
      { userId: "user-4", payload: { sub: "evil", exp: 1, sessionHandle: "x", tId: "other", custom: 1 } },
      { "st-auth-mode": "cookie" },
    );
    const payload = decodeJWTPayload(answer.cookie("sAccessToken")!.value);
    expect(payload.sub).toBe("user-4");
    expect(payload.tId).toBe("public");
    expect(payload.custom).toBe(1);
    expect(payload.iss).toBe(`${API_DOMAIN}/auth`);
    expect(payload.sessionHandle).not.toBe("x");
  });
});

describe("createNewSession in header mode", () => {
  it("answers st-access-token, st-refresh-token and front-token headers, no cookies, when st-auth-mode is header", async () => {
    const browser = new Browser(app.url);
    const answer = await browser.post("/create", { userId: "user-5" }, { "st-auth-mode": "header" });
    expect(answer.cookies).toEqual([]);
    const access = answer.headers.get("st-access-token")!;
    expect(decodeJWTPayload(access).sub).toBe("user-5");
    const refresh = answer.headers.get("st-refresh-token")!;
    expect(refresh.length).toBeGreaterThan(20);
    expect(refresh.split(".")).not.toHaveLength(3);
    const exposed = answer.headers.get("access-control-expose-headers")!;
    for (const name of ["front-token", "st-access-token", "st-refresh-token"])
      expect(exposed).toContain(name);
  });

  it("picks header mode when st-auth-mode is missing or unknown", async () => {
    for (const headers of [{}, { "st-auth-mode": "carrier-pigeon" }]) {
      const answer = await new Browser(app.url).post("/create", { userId: "user-6" }, headers);
      expect(answer.cookies).toEqual([]);
      expect(answer.headers.get("st-access-token")).toBeTruthy();
    }
  });

  it("clears cookie-mode tokens the client still holds when the new session is in header mode", async () => {
    const browser = new Browser(app.url);
    await browser.post("/create", { userId: "user-7" }, { "st-auth-mode": "cookie" });
    const answer = await browser.post("/create", { userId: "user-7" }, { "st-auth-mode": "header" });
    const access = answer.cookie("sAccessToken")!;
    expect(access.value).toBe("");
    expect(access.attributes.expires).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    expect(answer.cookie("sRefreshToken")!.attributes.expires).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    // the new session still goes out in header mode, with a fresh front-token
    expect(answer.headers.get("st-access-token")).toBeTruthy();
    expect(answer.headers.get("front-token")).not.toBe("remove");
  });
});
