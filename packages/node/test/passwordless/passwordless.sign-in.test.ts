/**
 * Complete sign-ins through the FDI endpoints (docs/protocol/fdi.md §6): the code and the link are read
 * from the email the real SMTP catcher received, or from the SMS request the Twilio stand-in got.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../support/session-app";
import {
  parseMagicLink,
  readLogin,
  readMail,
  startPasswordlessApp,
  type PasswordlessApp,
} from "./support/app";

let app: PasswordlessApp;
let clock = Date.now();

beforeAll(async () => {
  app = await startPasswordlessApp({
    now: () => clock,
    core: { passwordless_max_code_input_attempts: 3, passwordless_code_lifetime: 60_000 },
  });
});

afterAll(async () => {
  await app?.close();
});

const PW = { rid: "passwordless" };

async function startWithEmail(browser: Browser, email: string) {
  const created = await browser.post("/auth/signinup/code", { email }, PW);
  expect(created.status).toBe(200);
  expect(created.body.status).toBe("OK");
  const mail = await app.mail.waitForMessage(email.trim().toLowerCase());
  return { created: created.body, ...readMail(mail), mail };
}

describe("email OTP sign-in", () => {
  it("signs up with the emailed code: session cookies, FDI ≥ 3.0 user, protected route works", async () => {
    const browser = new Browser(app.url);
    const { created, code } = await startWithEmail(browser, "otp@example.com");
    expect(created.flowType).toBe("USER_INPUT_CODE_AND_MAGIC_LINK");
    expect(code).toMatch(/^\d{6}$/);

    const consumed = await browser.post(
      "/auth/signinup/code/consume",
      { preAuthSessionId: created.preAuthSessionId, deviceId: created.deviceId, userInputCode: code },
      { ...PW, "st-auth-mode": "cookie" },
    );
    expect(consumed.status).toBe(200);
    expect(consumed.body.status).toBe("OK");
    expect(consumed.body.createdNewRecipeUser).toBe(true);
    const user = consumed.body.user;
    expect(user).toMatchObject({
      isPrimaryUser: false,
      tenantIds: ["public"],
      emails: ["otp@example.com"],
      phoneNumbers: [],
      thirdParty: [],
      loginMethods: [
        {
          recipeId: "passwordless",
          recipeUserId: user.id,
          tenantIds: ["public"],
          email: "otp@example.com",
          verified: true,
        },
      ],
    });
    expect(typeof user.timeJoined).toBe("number");
    expect(consumed.cookie("sAccessToken")).toBeDefined();
    expect(consumed.headers.get("front-token")).toBeTruthy();

    const protectedAnswer = await browser.get("/protected");
    expect(protectedAnswer.status).toBe(200);
    expect(protectedAnswer.body.userId).toBe(user.id);
  });

  it("signs the same person in again: same user, createdNewRecipeUser false", async () => {
    const first = new Browser(app.url);
    const a = await startWithEmail(first, "again@example.com");
    const signUp = await first.post(
      "/auth/signinup/code/consume",
      {
        preAuthSessionId: a.created.preAuthSessionId,
        deviceId: a.created.deviceId,
        userInputCode: a.code,
      },
      PW,
    );
    const second = new Browser(app.url);
    const b = await startWithEmail(second, "  Again@Example.com ");
    const signIn = await second.post(
      "/auth/signinup/code/consume",
      {
        preAuthSessionId: b.created.preAuthSessionId,
        deviceId: b.created.deviceId,
        userInputCode: b.code,
      },
      PW,
    );
    expect(signIn.body.status).toBe("OK");
    expect(signIn.body.createdNewRecipeUser).toBe(false);
    expect(signIn.body.user.id).toBe(signUp.body.user.id);
  });

  it("answers in header mode when st-auth-mode is header", async () => {
    const browser = new Browser(app.url);
    const { created, code } = await startWithEmail(browser, "header@example.com");
    const consumed = await browser.post(
      "/auth/signinup/code/consume",
      { preAuthSessionId: created.preAuthSessionId, deviceId: created.deviceId, userInputCode: code },
      { ...PW, "st-auth-mode": "header" },
    );
    expect(consumed.body.status).toBe("OK");
    const accessToken = consumed.headers.get("st-access-token");
    expect(accessToken).toBeTruthy();
    expect(consumed.headers.get("st-refresh-token")).toBeTruthy();
    expect(consumed.cookie("sAccessToken")).toBeUndefined();
    const protectedAnswer = await new Browser(app.url).get("/protected", {
      authorization: `Bearer ${accessToken}`,
    });
    expect(protectedAnswer.status).toBe(200);
  });

  it("counts wrong codes up to the maximum, then the flow must restart", async () => {
    const browser = new Browser(app.url);
    const { created, code } = await startWithEmail(browser, "wrong@example.com");
    const wrong = code === "000000" ? "111111" : "000000";
    const attempt = () =>
      browser.post(
        "/auth/signinup/code/consume",
        {
          preAuthSessionId: created.preAuthSessionId,
          deviceId: created.deviceId,
          userInputCode: wrong,
        },
        PW,
      );
    expect((await attempt()).body).toEqual({
      status: "INCORRECT_USER_INPUT_CODE_ERROR",
      failedCodeInputAttemptCount: 1,
      maximumCodeInputAttempts: 3,
    });
    expect((await attempt()).body).toEqual({
      status: "INCORRECT_USER_INPUT_CODE_ERROR",
      failedCodeInputAttemptCount: 2,
      maximumCodeInputAttempts: 3,
    });
    // The wrong code that reaches the maximum restarts the flow (docs/protocol/cdi.md §5), and so does
    // any later try.
    expect((await attempt()).body).toEqual({ status: "RESTART_FLOW_ERROR" });
    expect((await attempt()).body).toEqual({ status: "RESTART_FLOW_ERROR" });
    // …and the device is gone: even the right code cannot be used any more.
    const right = await browser.post(
      "/auth/signinup/code/consume",
      {
        preAuthSessionId: created.preAuthSessionId,
        deviceId: created.deviceId,
        userInputCode: code,
      },
      PW,
    );
    expect(right.body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("answers EXPIRED_USER_INPUT_CODE_ERROR once the code's lifetime has passed", async () => {
    const browser = new Browser(app.url);
    const { created, code } = await startWithEmail(browser, "expired@example.com");
    clock += 61_000;
    try {
      const consumed = await browser.post(
        "/auth/signinup/code/consume",
        {
          preAuthSessionId: created.preAuthSessionId,
          deviceId: created.deviceId,
          userInputCode: code,
        },
        PW,
      );
      expect(consumed.body).toEqual({
        status: "EXPIRED_USER_INPUT_CODE_ERROR",
        failedCodeInputAttemptCount: 1,
        maximumCodeInputAttempts: 3,
      });
      expect(consumed.cookie("sAccessToken")).toBeUndefined();
    } finally {
      clock -= 61_000;
    }
  });
});

describe("magic link sign-in", () => {
  it("has the FDI link format with URL-safe values", async () => {
    const browser = new Browser(app.url);
    const { created, link } = await startWithEmail(browser, "linkformat@example.com");
    expect(link).toBeDefined();
    const parsed = parseMagicLink(link!);
    expect(`${parsed.url.origin}${parsed.url.pathname}`).toBe("http://localhost:3000/auth/verify");
    expect(parsed.preAuthSessionId).toBe(created.preAuthSessionId);
    expect(parsed.tenantId).toBe("public");
    expect(parsed.linkCode).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(link).toMatch(/^[A-Za-z0-9:/?=&#._-]+$/);
  });

  it("signs in on another device (no cookies from the first) and the link works once", async () => {
    const first = new Browser(app.url);
    const { link } = await startWithEmail(first, "magic@example.com");
    const { preAuthSessionId, linkCode } = parseMagicLink(link!);

    const other = new Browser(app.url);
    const consumed = await other.post(
      "/auth/signinup/code/consume",
      { preAuthSessionId, linkCode },
      { ...PW, "st-auth-mode": "cookie" },
    );
    expect(consumed.body.status).toBe("OK");
    expect(consumed.body.user.emails).toEqual(["magic@example.com"]);
    expect((await other.get("/protected")).status).toBe(200);
    expect(first.jar.size).toBe(0);

    const reused = await new Browser(app.url).post(
      "/auth/signinup/code/consume",
      { preAuthSessionId, linkCode },
      PW,
    );
    expect(reused.body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("answers RESTART_FLOW_ERROR for a tampered link code", async () => {
    const browser = new Browser(app.url);
    const { link } = await startWithEmail(browser, "tampered@example.com");
    const { preAuthSessionId, linkCode } = parseMagicLink(link!);
    const flipped = (linkCode[0] === "A" ? "B" : "A") + linkCode.slice(1);
    const consumed = await browser.post(
      "/auth/signinup/code/consume",
      { preAuthSessionId, linkCode: flipped },
      PW,
    );
    expect(consumed.body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });
});

describe("phone OTP sign-in", () => {
  it("texts the code through Twilio's API to the E.164 number and signs in with it", async () => {
    const browser = new Browser(app.url);
    const created = await browser.post("/auth/signinup/code", { phoneNumber: "+36 20 123 4567" }, PW);
    expect(created.body.status).toBe("OK");
    const sms = await app.sms.waitForSms("+36201234567");
    expect(sms.path).toBe("/2010-04-01/Accounts/AC1/Messages.json");
    expect(sms.form.From).toBe("+15005550006");
    const { code, link } = readLogin(sms.form.Body);
    expect(code).toMatch(/^\d{6}$/);
    expect(link).toContain("/auth/verify?preAuthSessionId=");

    const consumed = await browser.post(
      "/auth/signinup/code/consume",
      {
        preAuthSessionId: created.body.preAuthSessionId,
        deviceId: created.body.deviceId,
        userInputCode: code,
      },
      { ...PW, "st-auth-mode": "cookie" },
    );
    expect(consumed.body.status).toBe("OK");
    expect(consumed.body.user.phoneNumbers).toEqual(["+36201234567"]);
    expect(consumed.body.user.loginMethods[0]).toMatchObject({
      recipeId: "passwordless",
      phoneNumber: "+36201234567",
    });
    expect((await browser.get("/protected")).status).toBe(200);
  });
});
