import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
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

const EPOCH = "Thu, 01 Jan 1970 00:00:00 GMT";
const REFRESH_HEADERS = { rid: "session", "fdi-version": "4.0", "st-auth-mode": "cookie" };

describe("POST /auth/session/refresh (cookie mode)", () => {
  it("answers 200 {} with new sAccessToken, sRefreshToken and front-token", async () => {
    const browser = new Browser(app.url);
    await browser.post("/create", { userId: "r-1", payload: { k: "v" } }, { "st-auth-mode": "cookie" });
    const oldAccess = browser.jar.get("sAccessToken")!;
    const oldRefresh = browser.jar.get("sRefreshToken")!;
    const answer = await browser.send("POST", "/auth/session/refresh", { headers: REFRESH_HEADERS });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({});
    const access = answer.cookie("sAccessToken")!;
    const refresh = answer.cookie("sRefreshToken")!;
    expect(access.value).not.toBe(decodeURIComponent(oldAccess));
    expect(refresh.value).not.toBe(decodeURIComponent(oldRefresh));
    expect(refresh.attributes.path).toBe("/auth/session/refresh");
    const front = decodeFrontToken(answer.headers.get("front-token")!);
    expect(front.uid).toBe("r-1");
    expect(front.up.k).toBe("v");
    expect(front.up).toEqual(decodeJWTPayload(access.value));
  });

  it("makes the first use of the refreshed access token re-issue it (parentRefreshTokenHash1 → core verify)", async () => {
    const browser = new Browser(app.url);
    await browser.post("/create", { userId: "r-2" }, { "st-auth-mode": "cookie" });
    const refreshed = await browser.send("POST", "/auth/session/refresh", { headers: REFRESH_HEADERS });
    expect(decodeJWTPayload(refreshed.cookie("sAccessToken")!.value).parentRefreshTokenHash1).toEqual(
      expect.any(String),
    );
    const first = await browser.get("/protected");
    expect(first.status).toBe(200);
    const reissued = first.cookie("sAccessToken")!;
    expect(reissued).toBeDefined();
    expect(decodeJWTPayload(reissued.value).parentRefreshTokenHash1 ?? null).toBeNull();
    expect(first.headers.get("front-token")).toBeTruthy();
    // later uses are local again: nothing re-sent
    const second = await browser.get("/protected");
    expect(second.status).toBe(200);
    expect(second.cookies).toEqual([]);
  });

  it("answers 401 unauthorised and clears all tokens when no refresh token is sent", async () => {
    const answer = await new Browser(app.url).send("POST", "/auth/session/refresh", {
      headers: REFRESH_HEADERS,
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "unauthorised" });
    expect(answer.cookie("sAccessToken")!.attributes.expires).toBe(EPOCH);
    expect(answer.cookie("sRefreshToken")!.attributes.expires).toBe(EPOCH);
    expect(answer.cookie("sRefreshToken")!.attributes.path).toBe("/auth/session/refresh");
    expect(answer.headers.get("front-token")).toBe("remove");
    expect(answer.headers.get("st-access-token")).toBe("");
    expect(answer.headers.get("st-refresh-token")).toBe("");
  });

  it("clears a stray access-token cookie when the refresh token is missing", async () => {
    const browser = new Browser(app.url);
    await browser.post("/create", { userId: "r-3" }, { "st-auth-mode": "cookie" });
    browser.jar.delete("sRefreshToken");
    const answer = await browser.send("POST", "/auth/session/refresh", { headers: REFRESH_HEADERS });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "unauthorised" });
    expect(answer.cookie("sAccessToken")!.value).toBe("");
    expect(browser.jar.has("sAccessToken")).toBe(false);
  });

  it("answers 401 unauthorised and clears for a refresh token the core does not know", async () => {
    const browser = new Browser(app.url);
    browser.jar.set("sRefreshToken", "not-a-refresh-token");
    const answer = await browser.send("POST", "/auth/session/refresh", { headers: REFRESH_HEADERS });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "unauthorised" });
    expect(answer.headers.get("front-token")).toBe("remove");
  });

  it("accepts a refresh without a body (supertokens-website sends none)", async () => {
    const browser = new Browser(app.url);
    await browser.post("/create", { userId: "r-4" }, { "st-auth-mode": "cookie" });
    const answer = await browser.send("POST", "/auth/session/refresh", { headers: { rid: "session" } });
    expect(answer.status).toBe(200);
  });
});

describe("POST /auth/session/refresh (header mode)", () => {
  it("takes Authorization: Bearer <refresh token> and answers new st-* headers", async () => {
    const created = await new Browser(app.url).post(
      "/create",
      { userId: "r-5" },
      { "st-auth-mode": "header" },
    );
    const refreshToken = created.headers.get("st-refresh-token")!;
    const answer = await new Browser(app.url).send("POST", "/auth/session/refresh", {
      headers: { rid: "session", "st-auth-mode": "header", authorization: `Bearer ${refreshToken}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({});
    expect(answer.cookies).toEqual([]);
    expect(decodeJWTPayload(answer.headers.get("st-access-token")!).sub).toBe("r-5");
    expect(answer.headers.get("st-refresh-token")).toBeTruthy();
    expect(answer.headers.get("st-refresh-token")).not.toBe(refreshToken);
    expect(decodeFrontToken(answer.headers.get("front-token")!).uid).toBe("r-5");
  });

  it("clears cookie-mode refresh tokens when the refresh came in header mode", async () => {
    const created = await new Browser(app.url).post(
      "/create",
      { userId: "r-6" },
      { "st-auth-mode": "header" },
    );
    const browser = new Browser(app.url);
    browser.jar.set("sRefreshToken", "left-over");
    const answer = await browser.send("POST", "/auth/session/refresh", {
      headers: { rid: "session", authorization: `Bearer ${created.headers.get("st-refresh-token")}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.cookie("sRefreshToken")!.attributes.expires).toBe(EPOCH);
    expect(answer.headers.get("st-refresh-token")).toBeTruthy();
  });
});
