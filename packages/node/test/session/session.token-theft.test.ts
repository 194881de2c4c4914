import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, startSessionApp, type SessionApp } from "../support/session-app";

let app: SessionApp;

beforeAll(async () => {
  // No reuse grace window: any reuse of an old refresh token is theft.
  app = await startSessionApp({ core: { refresh_token_rotation_grace_period: 0 } });
});
afterAll(async () => {
  await app?.close();
});

const HEADERS = { rid: "session", "st-auth-mode": "cookie" };

describe("POST /auth/session/refresh with a reused refresh token", () => {
  it("answers 401 token theft detected, clears the tokens and revokes the session", async () => {
    const victim = new Browser(app.url);
    const created = await victim.post("/create", { userId: "theft-1" }, { "st-auth-mode": "cookie" });
    const { handle } = created.body;
    const stolenRefreshToken = victim.jar.get("sRefreshToken")!;

    // The victim keeps using the session: refresh, then use the new access token (promotes the child).
    expect((await victim.send("POST", "/auth/session/refresh", { headers: HEADERS })).status).toBe(200);
    expect((await victim.get("/protected")).status).toBe(200);
    expect((await victim.send("POST", "/auth/session/refresh", { headers: HEADERS })).status).toBe(200);

    const attacker = new Browser(app.url);
    attacker.jar.set("sRefreshToken", stolenRefreshToken);
    const answer = await attacker.send("POST", "/auth/session/refresh", { headers: HEADERS });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "token theft detected" });
    expect(answer.cookie("sRefreshToken")!.attributes.expires).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    expect(answer.headers.get("front-token")).toBe("remove");

    const info = await fetch(`${app.coreURL}/recipe/session?sessionHandle=${encodeURIComponent(handle)}`, {
      headers: { "cdi-version": "5.4", rid: "session" },
    }).then((r) => r.json());
    expect(info.status).toBe("UNAUTHORISED");

    // The victim's next refresh fails too: the session is gone.
    const victimRefresh = await victim.send("POST", "/auth/session/refresh", { headers: HEADERS });
    expect(victimRefresh.status).toBe(401);
    expect(victimRefresh.body).toEqual({ message: "unauthorised" });
  });
});
