import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, startSessionApp, type SessionApp } from "../support/session-app";

let app: SessionApp;

beforeAll(async () => {
  app = await startSessionApp();
});
afterAll(async () => {
  await app?.close();
});

describe("POST /auth/signout", () => {
  it("revokes the session and clears cookies with 200 {status: OK} (cookie mode)", async () => {
    const browser = new Browser(app.url);
    const { handle } = (await browser.post("/create", { userId: "so-1" }, { "st-auth-mode": "cookie" })).body;
    const answer = await browser.send("POST", "/auth/signout", {
      headers: { rid: "session", "fdi-version": "4.0" },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "OK" });
    for (const name of ["sAccessToken", "sRefreshToken"]) {
      const cookie = answer.cookie(name)!;
      expect(cookie.value).toBe("");
      expect(cookie.attributes.expires).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    }
    expect(answer.headers.get("front-token")).toBe("remove");
    const info = await fetch(`${app.coreURL}/recipe/session?sessionHandle=${encodeURIComponent(handle)}`, {
      headers: { "cdi-version": "5.4", rid: "session" },
    }).then((r) => r.json());
    expect(info.status).toBe("UNAUTHORISED");
  });

  it("clears with empty st-access-token / st-refresh-token headers in header mode", async () => {
    const created = await new Browser(app.url).post(
      "/create",
      { userId: "so-2" },
      { "st-auth-mode": "header" },
    );
    const answer = await new Browser(app.url).send("POST", "/auth/signout", {
      headers: { rid: "session", authorization: `Bearer ${created.headers.get("st-access-token")}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "OK" });
    expect(answer.headers.get("st-access-token")).toBe("");
    expect(answer.headers.get("st-refresh-token")).toBe("");
    expect(answer.headers.get("front-token")).toBe("remove");
    expect(answer.cookies).toEqual([]);
  });

  it("answers 401 unauthorised without a session", async () => {
    const answer = await new Browser(app.url).send("POST", "/auth/signout", { headers: { rid: "session" } });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "unauthorised" });
  });
});
