import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Browser,
  decodeFrontToken,
  decodeJWTPayload,
  startSessionApp,
  type SessionApp,
} from "../support/session-app";

let app: SessionApp;
/** Shifts the core's clock: tokens issued while negative are already expired for the SDK. */
let coreClockOffsetMs = 0;

beforeAll(async () => {
  app = await startSessionApp({ now: () => Date.now() + coreClockOffsetMs });
});
afterAll(async () => {
  await app?.close();
});

async function cookieSession(userId: string) {
  const browser = new Browser(app.url);
  await browser.post("/create", { userId, payload: { plan: "pro" } }, { "st-auth-mode": "cookie" });
  return browser;
}

async function headerSession(userId: string) {
  const answer = await new Browser(app.url).post("/create", { userId }, { "st-auth-mode": "header" });
  return { access: answer.headers.get("st-access-token")!, refresh: answer.headers.get("st-refresh-token")! };
}

describe("verifySession on a protected endpoint", () => {
  it("accepts the sAccessToken cookie and exposes userId, tenant and payload", async () => {
    const browser = await cookieSession("v-1");
    const answer = await browser.get("/protected");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ userId: "v-1", recipeUserId: "v-1", tenantId: "public" });
    expect(answer.body.payload.plan).toBe("pro");
    // nothing changed: no tokens are re-sent
    expect(answer.cookies).toEqual([]);
    expect(answer.headers.get("front-token")).toBeNull();
  });

  it("accepts Authorization: Bearer <access token> in header mode", async () => {
    const { access } = await headerSession("v-2");
    const answer = await new Browser(app.url).get("/protected", { authorization: `Bearer ${access}` });
    expect(answer.status).toBe(200);
    expect(answer.body.userId).toBe("v-2");
  });

  it("ignores a Bearer value that is not one of our access tokens and falls back to the cookie", async () => {
    const browser = await cookieSession("v-3");
    const answer = await browser.get("/protected", {
      authorization: "Bearer some-api-key-of-another-system",
    });
    expect(answer.status).toBe(200);
    expect(answer.body.userId).toBe("v-3");
  });

  it("prefers the Bearer access token over the cookie when both are ours", async () => {
    const browser = await cookieSession("v-cookie");
    const { access } = await headerSession("v-header");
    const answer = await browser.get("/protected", { authorization: `Bearer ${access}` });
    expect(answer.body.userId).toBe("v-header");
  });

  it("answers 401 unauthorised without clearing anything when no session is sent", async () => {
    const answer = await new Browser(app.url).get("/protected");
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "unauthorised" });
    expect(answer.cookies).toEqual([]);
    expect(answer.headers.get("front-token")).toBeNull();
  });

  it("answers 401 try refresh token, without clearing, for an expired access token", async () => {
    coreClockOffsetMs = -2 * 3600 * 1000;
    const browser = await cookieSession("v-4");
    coreClockOffsetMs = 0;
    const answer = await browser.get("/protected");
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "try refresh token" });
    expect(answer.cookies).toEqual([]);
    expect(answer.headers.get("front-token")).toBeNull();
  });

  it("answers 401 try refresh token for a token whose signature was tampered with", async () => {
    const { access } = await headerSession("v-5");
    const [header, payload, signature] = access.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ ...decodeJWTPayload(access), sub: "admin" })).toString(
      "base64url",
    );
    const forged = `${header}.${forgedPayload}.${signature}`;
    const answer = await new Browser(app.url).get("/protected", { authorization: `Bearer ${forged}` });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "try refresh token" });
    void payload;
  });

  it("answers 401 try refresh token for a token signed with an unknown kid", async () => {
    const { access } = await headerSession("v-6");
    const [, payload, signature] = access.split(".");
    const header = Buffer.from(
      JSON.stringify({ alg: "RS256", typ: "JWT", version: "5", kid: "d-999" }),
    ).toString("base64url");
    const answer = await new Browser(app.url).get("/protected", {
      authorization: `Bearer ${header}.${payload}.${signature}`,
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "try refresh token" });
  });

  it("answers 401 try refresh token when two sAccessToken cookies arrive (docs/protocol/fdi.md §3.1)", async () => {
    const browser = await cookieSession("v-7");
    const token = browser.jar.get("sAccessToken")!;
    const answer = await browser.get("/protected", {
      cookie: `sAccessToken=${token}; sAccessToken=${token}`,
    });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "try refresh token" });
  });

  it("answers 401 unauthorised and clears the tokens when checkDatabase finds the session revoked", async () => {
    const browser = await cookieSession("v-8");
    const ok = await browser.get("/check-database");
    expect(ok.status).toBe(200);
    const { handle } = ok.body;
    const revoke = await fetch(`${app.coreURL}/recipe/session/remove`, {
      method: "POST",
      headers: { "content-type": "application/json", "cdi-version": "5.4", rid: "session" },
      body: JSON.stringify({ sessionHandles: [handle] }),
    });
    expect(revoke.status).toBe(200);
    const answer = await browser.get("/check-database");
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "unauthorised" });
    expect(answer.cookie("sAccessToken")!.attributes.expires).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    expect(answer.headers.get("front-token")).toBe("remove");
  });

  it("still accepts a revoked session without checkDatabase (verification is local)", async () => {
    const browser = await cookieSession("v-9");
    const { handle } = (await browser.get("/protected")).body;
    await fetch(`${app.coreURL}/recipe/session/remove`, {
      method: "POST",
      headers: { "content-type": "application/json", "cdi-version": "5.4", rid: "session" },
      body: JSON.stringify({ sessionHandles: [handle] }),
    });
    expect((await browser.get("/protected")).status).toBe(200);
  });
});

describe("verifySession({sessionRequired: false})", () => {
  it("lets the request through without a session", async () => {
    const answer = await new Browser(app.url).get("/optional");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ hasSession: false });
  });

  it("attaches the session when there is one", async () => {
    const browser = await cookieSession("v-10");
    expect((await browser.get("/optional")).body).toEqual({ hasSession: true });
  });
});

describe("front-token after a payload change", () => {
  it("decodes to {uid, ate, up} with ate in ms", async () => {
    const answer = await new Browser(app.url).post(
      "/create",
      { userId: "v-11" },
      { "st-auth-mode": "header" },
    );
    const front = decodeFrontToken(answer.headers.get("front-token")!);
    expect(front.uid).toBe("v-11");
    expect(front.ate).toBeGreaterThan(Date.now());
    expect(front.ate).toBeLessThan(Date.now() + 3601 * 1000);
    expect(typeof front.up.iat).toBe("number");
    expect(front.up.iat).toBeLessThan(Date.now() / 1000 + 5);
  });
});
