import { afterEach, describe, expect, it } from "vitest";
import { Browser, decodeJWTPayload, startSessionApp, type SessionApp } from "../support/session-app";

let app: SessionApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("override.functions", () => {
  it("wraps createNewSession (e.g. to add a payload field) and internal calls go through it", async () => {
    app = await startSessionApp({
      session: {
        override: {
          functions: (original) => ({
            ...original,
            createNewSession: (input) =>
              original.createNewSession({
                ...input,
                accessTokenPayload: { ...input.accessTokenPayload, org: "acme" },
              }),
          }),
        },
      },
    });
    const answer = await new Browser(app.url).post(
      "/create",
      { userId: "o-1" },
      { "st-auth-mode": "header" },
    );
    expect(decodeJWTPayload(answer.headers.get("st-access-token")!).org).toBe("acme");
  });

  it("an overridden getSession decides verifySession's outcome", async () => {
    app = await startSessionApp({
      session: {
        override: {
          functions: (original) => ({
            ...original,
            getSession: async (input) => {
              const session = await original.getSession(input);
              if (session?.getUserId() === "banned")
                throw new (await import("../../src/recipe/session/error")).default({
                  type: "UNAUTHORISED",
                  message: "banned",
                  payload: { clearTokens: true },
                });
              return session;
            },
          }),
        },
      },
    });
    const browser = new Browser(app.url);
    await browser.post("/create", { userId: "banned" }, { "st-auth-mode": "cookie" });
    const answer = await browser.get("/protected");
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "unauthorised" });
    expect(answer.headers.get("front-token")).toBe("remove");
  });
});

describe("override.apis", () => {
  it("signOutPOST: undefined disables POST /auth/signout (the request falls through to 404)", async () => {
    app = await startSessionApp({
      session: { override: { apis: (original) => ({ ...original, signOutPOST: undefined }) } },
    });
    const browser = new Browser(app.url);
    await browser.post("/create", { userId: "o-2" }, { "st-auth-mode": "cookie" });
    const answer = await browser.send("POST", "/auth/signout", { headers: { rid: "session" } });
    expect(answer.status).toBe(404);
  });

  it("refreshPOST: undefined disables POST /auth/session/refresh", async () => {
    app = await startSessionApp({
      session: { override: { apis: (original) => ({ ...original, refreshPOST: undefined }) } },
    });
    const answer = await new Browser(app.url).send("POST", "/auth/session/refresh", {
      headers: { rid: "session" },
    });
    expect(answer.status).toBe(404);
  });

  it("signOutPOST can be replaced and its result is the response body", async () => {
    app = await startSessionApp({
      session: {
        override: {
          apis: (original) => ({
            ...original,
            signOutPOST: async () => ({ status: "GENERAL_ERROR", message: "sign-out is disabled today" }),
          }),
        },
      },
    });
    const browser = new Browser(app.url);
    await browser.post("/create", { userId: "o-3" }, { "st-auth-mode": "cookie" });
    const answer = await browser.send("POST", "/auth/signout", { headers: { rid: "session" } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "GENERAL_ERROR", message: "sign-out is disabled today" });
  });
});

describe("errorHandlers", () => {
  it("onUnauthorised and onTryRefreshToken replace the default answers", async () => {
    app = await startSessionApp({
      session: {
        errorHandlers: {
          onUnauthorised: async (message, _req, res) => {
            res.setStatus(419);
            res.sendJSON({ custom: "unauthorised", message });
          },
        },
      },
    });
    const answer = await new Browser(app.url).get("/protected");
    expect(answer.status).toBe(419);
    expect(answer.body.custom).toBe("unauthorised");
  });

  it("sessionExpiredStatusCode changes the 401", async () => {
    app = await startSessionApp({ session: { sessionExpiredStatusCode: 440 } });
    const answer = await new Browser(app.url).get("/protected");
    expect(answer.status).toBe(440);
    expect(answer.body).toEqual({ message: "unauthorised" });
  });
});
