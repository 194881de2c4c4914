import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../support/session-app";
import { readMail, startPasswordlessApp, type PasswordlessApp } from "./support/app";

let app: PasswordlessApp;
beforeAll(async () => {
  app = await startPasswordlessApp();
});
afterAll(async () => {
  await app?.close();
});

const PW = { rid: "passwordless" };

async function rawPost(path: string, body: string) {
  const response = await fetch(app.url + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...PW },
    body,
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

describe("POST /auth/signinup/code", () => {
  it("answers OK with deviceId, preAuthSessionId and flowType, and emails the code and link", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code",
      { email: "create@example.com" },
      PW,
    );
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(["deviceId", "flowType", "preAuthSessionId", "status"]);
    expect(answer.body).toMatchObject({ status: "OK", flowType: "USER_INPUT_CODE_AND_MAGIC_LINK" });
    const mail = await app.mail.waitForMessage("create@example.com");
    const { code, link } = readMail(mail);
    expect(code).toMatch(/^\d{6}$/);
    expect(link).toContain(`preAuthSessionId=${answer.body.preAuthSessionId}`);
  });

  it("trims the email before validating and sending", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code",
      { email: "  trim@example.com \n" },
      PW,
    );
    expect(answer.body.status).toBe("OK");
    const mail = await app.mail.waitForMessage("trim@example.com");
    expect(mail.to).toEqual(["trim@example.com"]);
  });

  it("normalises a phone number to E.164 before texting it", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code",
      { phoneNumber: " +1 (650) 253-0000 " },
      PW,
    );
    expect(answer.body.status).toBe("OK");
    const sms = await app.sms.waitForSms("+16502530000");
    expect(sms.form.To).toBe("+16502530000");
  });

  it("accepts the tenant prefix (/public/signinup/code)", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/public/signinup/code",
      { email: "tenant@example.com" },
      PW,
    );
    expect(answer.body.status).toBe("OK");
    const { link } = readMail(await app.mail.waitForMessage("tenant@example.com"));
    expect(link).toContain("tenantId=public");
  });

  it("answers 400 for a tenant the core does not know, and sends nothing", async () => {
    const before = app.mail.messages.length;
    const answer = await new Browser(app.url).post(
      "/auth/no-such-tenant/signinup/code",
      { email: "t@example.com" },
      PW,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: "Tenant 'no-such-tenant' not found" });
    expect(app.mail.messages.length).toBe(before);
  });

  it("accepts shouldTryLinkingWithSessionUser: true when a session is present", async () => {
    const browser = new Browser(app.url);
    const created = await browser.post("/auth/signinup/code", { email: "first@example.com" }, PW);
    const { code } = readMail(await app.mail.waitForMessage("first@example.com"));
    await browser.post(
      "/auth/signinup/code/consume",
      {
        preAuthSessionId: created.body.preAuthSessionId,
        deviceId: created.body.deviceId,
        userInputCode: code,
      },
      { ...PW, "st-auth-mode": "cookie" },
    );
    const linked = await browser.post(
      "/auth/signinup/code",
      { email: "second@example.com", shouldTryLinkingWithSessionUser: true },
      PW,
    );
    expect(linked.status).toBe(200);
    expect(linked.body.status).toBe("OK");
  });

  it("answers GENERAL_ERROR 'Email is invalid' for a malformed email, and sends nothing", async () => {
    const before = app.mail.messages.length;
    const answer = await new Browser(app.url).post("/auth/signinup/code", { email: "not-an-email" }, PW);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "GENERAL_ERROR", message: "Email is invalid" });
    expect(app.mail.messages.length).toBe(before);
  });

  it("answers GENERAL_ERROR 'Phone number is invalid' for a number that is not one", async () => {
    const answer = await new Browser(app.url).post("/auth/signinup/code", { phoneNumber: "12345" }, PW);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "GENERAL_ERROR", message: "Phone number is invalid" });
  });

  it("answers 400 for malformed JSON", async () => {
    const answer = await rawPost("/auth/signinup/code", '{"email": ');
    expect(answer.status).toBe(400);
    expect(typeof answer.body.message).toBe("string");
  });

  it("answers 400 for a body that is not an object", async () => {
    const answer = await rawPost("/auth/signinup/code", '["a@b.c"]');
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: "The request body must be a JSON object" });
  });

  it.each([
    {
      when: "both email and phoneNumber are sent",
      body: { email: "both@example.com", phoneNumber: "+36201234567" },
      message: "Please provide exactly one of email or phoneNumber",
    },
    { when: "neither is sent", body: {}, message: "Please provide exactly one of email or phoneNumber" },
    { when: "email is not a string", body: { email: 42 }, message: "email must be a string" },
    {
      when: "shouldTryLinkingWithSessionUser is not a boolean",
      body: { email: "link@example.com", shouldTryLinkingWithSessionUser: "yes" },
      message: "shouldTryLinkingWithSessionUser must be a boolean",
    },
  ])("answers 400 when $when", async ({ body, message }) => {
    const answer = await new Browser(app.url).post("/auth/signinup/code", body, PW);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message });
  });

  it("answers 401 when shouldTryLinkingWithSessionUser is true and there is no session", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code",
      { email: "link@example.com", shouldTryLinkingWithSessionUser: true },
      PW,
    );
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: "unauthorised" });
  });
});

describe("POST /auth/signinup/code/consume (bad input)", () => {
  it("answers 400 when both linkCode and deviceId+userInputCode are sent", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code/consume",
      { preAuthSessionId: "p", linkCode: "l", deviceId: "d", userInputCode: "123456" },
      PW,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/linkCode.*deviceId\+userInputCode/);
  });

  it("answers 400 when neither form is sent", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code/consume",
      { preAuthSessionId: "p" },
      PW,
    );
    expect(answer.status).toBe(400);
  });

  it("answers 400 when deviceId comes without userInputCode", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code/consume",
      { preAuthSessionId: "p", deviceId: "d" },
      PW,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: "Please provide both deviceId and userInputCode" });
  });

  it("answers 400 without preAuthSessionId", async () => {
    const answer = await new Browser(app.url).post("/auth/signinup/code/consume", { linkCode: "l" }, PW);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: "Please provide preAuthSessionId" });
  });

  it("answers 400 when userInputCode is a number", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code/consume",
      { preAuthSessionId: "p", deviceId: "d", userInputCode: 123456 },
      PW,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: "userInputCode must be a string" });
  });

  it("answers RESTART_FLOW_ERROR for a deviceId that is not the preAuthSessionId's", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code/consume",
      { preAuthSessionId: "bm90LWEtZGV2aWNl", deviceId: "bm90LWEtZGV2aWNl", userInputCode: "123456" },
      PW,
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });
});

describe("POST /auth/signinup/code/resend", () => {
  it("emails a new code for the same device, and the new code signs in", async () => {
    const browser = new Browser(app.url);
    const created = await browser.post("/auth/signinup/code", { email: "resend@example.com" }, PW);
    const first = readMail(await app.mail.waitForMessage("resend@example.com"));
    const resent = await browser.post(
      "/auth/signinup/code/resend",
      { deviceId: created.body.deviceId, preAuthSessionId: created.body.preAuthSessionId },
      PW,
    );
    expect(resent.body).toEqual({ status: "OK" });
    const second = readMail(await app.mail.waitForMessage("resend@example.com"));
    expect(second.link).toContain(`preAuthSessionId=${created.body.preAuthSessionId}`);
    expect(second.link).not.toBe(first.link);
    const consumed = await browser.post(
      "/auth/signinup/code/consume",
      {
        preAuthSessionId: created.body.preAuthSessionId,
        deviceId: created.body.deviceId,
        userInputCode: second.code,
      },
      PW,
    );
    expect(consumed.body.status).toBe("OK");
  });

  it("texts the new code when the device is a phone number's", async () => {
    const browser = new Browser(app.url);
    const created = await browser.post("/auth/signinup/code", { phoneNumber: "+36301112222" }, PW);
    await app.sms.waitForSms("+36301112222");
    const resent = await browser.post(
      "/auth/signinup/code/resend",
      { deviceId: created.body.deviceId, preAuthSessionId: created.body.preAuthSessionId },
      PW,
    );
    expect(resent.body).toEqual({ status: "OK" });
    const sms = await app.sms.waitForSms("+36301112222");
    expect(sms.form.Body).toMatch(/\d{6}/);
  });

  it("answers RESTART_FLOW_ERROR for an unknown device", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code/resend",
      { deviceId: "bm90LWEtZGV2aWNl", preAuthSessionId: "bm90LWEtZGV2aWNl" },
      PW,
    );
    expect(answer.body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("answers RESTART_FLOW_ERROR when preAuthSessionId is not the device's", async () => {
    const browser = new Browser(app.url);
    const a = await browser.post("/auth/signinup/code", { email: "resend-a@example.com" }, PW);
    const b = await browser.post("/auth/signinup/code", { email: "resend-b@example.com" }, PW);
    const answer = await browser.post(
      "/auth/signinup/code/resend",
      { deviceId: a.body.deviceId, preAuthSessionId: b.body.preAuthSessionId },
      PW,
    );
    expect(answer.body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("answers 400 without deviceId", async () => {
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code/resend",
      { preAuthSessionId: "p" },
      PW,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: "Please provide deviceId" });
  });
});

describe("GET /auth/passwordless/email/exists", () => {
  it("is false before and true after the email signed up with passwordless", async () => {
    const browser = new Browser(app.url);
    const before = await browser.get("/auth/passwordless/email/exists?email=exists%40example.com", PW);
    expect(before.body).toEqual({ status: "OK", exists: false });
    const created = await browser.post("/auth/signinup/code", { email: "exists@example.com" }, PW);
    const { code } = readMail(await app.mail.waitForMessage("exists@example.com"));
    await browser.post(
      "/auth/signinup/code/consume",
      {
        preAuthSessionId: created.body.preAuthSessionId,
        deviceId: created.body.deviceId,
        userInputCode: code,
      },
      PW,
    );
    const after = await browser.get("/auth/passwordless/email/exists?email=exists%40example.com", PW);
    expect(after.body).toEqual({ status: "OK", exists: true });
    const deprecated = await browser.get("/auth/signup/email/exists?email=exists%40example.com", PW);
    expect(deprecated.body).toEqual({ status: "OK", exists: true });
  });

  it("answers 400 for a tenant the core does not know", async () => {
    const answer = await new Browser(app.url).get("/auth/nope/passwordless/email/exists?email=a%40b.co", PW);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: "Tenant 'nope' not found" });
  });

  it("answers 400 without the email parameter", async () => {
    const answer = await new Browser(app.url).get("/auth/passwordless/email/exists", PW);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: "Please provide the email as a GET param" });
  });
});

describe("GET /auth/passwordless/phonenumber/exists", () => {
  it("is false before and true after the number signed up, whatever its formatting", async () => {
    const browser = new Browser(app.url);
    const url = `/auth/passwordless/phonenumber/exists?phoneNumber=${encodeURIComponent("+36709998888")}`;
    expect((await browser.get(url, PW)).body).toEqual({ status: "OK", exists: false });
    const created = await browser.post("/auth/signinup/code", { phoneNumber: "+36709998888" }, PW);
    const sms = await app.sms.waitForSms("+36709998888");
    const code = /\b(\d{6})\b/.exec(sms.form.Body)?.[1];
    await browser.post(
      "/auth/signinup/code/consume",
      {
        preAuthSessionId: created.body.preAuthSessionId,
        deviceId: created.body.deviceId,
        userInputCode: code,
      },
      PW,
    );
    expect((await browser.get(url, PW)).body).toEqual({ status: "OK", exists: true });
    const spaced = `/auth/passwordless/phonenumber/exists?phoneNumber=${encodeURIComponent("+36 70 999 8888")}`;
    expect((await browser.get(spaced, PW)).body).toEqual({ status: "OK", exists: true });
    const deprecated = `/auth/signup/phonenumber/exists?phoneNumber=${encodeURIComponent("+36709998888")}`;
    expect((await browser.get(deprecated, PW)).body).toEqual({ status: "OK", exists: true });
  });

  it("answers 400 without the phoneNumber parameter", async () => {
    const answer = await new Browser(app.url).get("/auth/passwordless/phonenumber/exists", PW);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ message: "Please provide the phoneNumber as a GET param" });
  });
});
