import { afterEach, describe, expect, it } from "vitest";
import { Browser } from "../support/session-app";
import { readMail, startPasswordlessApp, type PasswordlessApp } from "./support/app";
import { SMTPService } from "../../src/recipe/passwordless/emaildelivery";

let app: PasswordlessApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const PW = { rid: "passwordless" };

describe("override.functions", () => {
  it("the API goes through an overridden createCode and consumeCode", async () => {
    const calls: string[] = [];
    app = await startPasswordlessApp({
      passwordless: {
        override: {
          functions: (original) => ({
            ...original,
            createCode: async (input) => {
              calls.push(`createCode:${"email" in input ? input.email : ""}`);
              return original.createCode(input);
            },
            consumeCode: async (input) => {
              calls.push("consumeCode");
              return original.consumeCode(input);
            },
          }),
        },
      },
    });
    const browser = new Browser(app.url);
    const created = await browser.post("/auth/signinup/code", { email: "fn@example.com" }, PW);
    const { code } = readMail(await app.mail.waitForMessage("fn@example.com"));
    const consumed = await browser.post(
      "/auth/signinup/code/consume",
      {
        preAuthSessionId: created.body.preAuthSessionId,
        deviceId: created.body.deviceId,
        userInputCode: code,
      },
      PW,
    );
    expect(consumed.body.status).toBe("OK");
    expect(calls).toEqual(["createCode:fn@example.com", "consumeCode"]);
  });
});

describe("override.apis", () => {
  it("an API set to undefined is disabled (404, next())", async () => {
    app = await startPasswordlessApp({
      passwordless: { override: { apis: (original) => ({ ...original, consumeCodePOST: undefined }) } },
    });
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code/consume",
      { preAuthSessionId: "p", linkCode: "l" },
      PW,
    );
    expect(answer.status).toBe(404);
  });

  it("a replaced createCodePOST answers instead of the default", async () => {
    app = await startPasswordlessApp({
      passwordless: {
        override: {
          apis: (original) => ({
            ...original,
            createCodePOST: async (input) => {
              if ("email" in input && input.email.endsWith("@blocked.test")) {
                return { status: "GENERAL_ERROR", message: "This domain may not sign in" };
              }
              return original.createCodePOST!(input);
            },
          }),
        },
      },
    });
    const browser = new Browser(app.url);
    const blocked = await browser.post("/auth/signinup/code", { email: "x@blocked.test" }, PW);
    expect(blocked.body).toEqual({ status: "GENERAL_ERROR", message: "This domain may not sign in" });
    const allowed = await browser.post("/auth/signinup/code", { email: "x@allowed.test" }, PW);
    expect(allowed.body.status).toBe("OK");
  });
});

describe("emailDelivery / smsDelivery", () => {
  it("emailDelivery.override sees every sign-in email and may replace sending", async () => {
    const seen: any[] = [];
    app = await startPasswordlessApp({
      passwordless: {
        emailDelivery: {
          override: (original) => ({ ...original, sendEmail: async (input) => void seen.push(input) }),
        },
      },
    });
    const created = await new Browser(app.url).post("/auth/signinup/code", { email: "ov@example.com" }, PW);
    expect(created.body.status).toBe("OK");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      type: "PASSWORDLESS_LOGIN",
      isFirstFactor: true,
      email: "ov@example.com",
      preAuthSessionId: created.body.preAuthSessionId,
      tenantId: "public",
      codeLifetime: 900_000,
    });
    expect(seen[0].userInputCode).toMatch(/^\d{6}$/);
    expect(seen[0].urlWithLinkCode).toContain("/auth/verify?preAuthSessionId=");
  });

  it("SMTPService's getContent override shapes the email the API sends", async () => {
    app = await startPasswordlessApp({
      passwordless: ({ mailPort }) => ({
        emailDelivery: {
          service: new SMTPService({
            smtpSettings: { host: "127.0.0.1", port: mailPort, from: { name: "X", email: "x@test.local" } },
            override: (original) => ({
              ...original,
              getContent: async (input) => ({
                subject: "Your custom code",
                body: `CODE[${input.userInputCode}]`,
                isHtml: false,
                toEmail: input.email,
              }),
            }),
          }),
        },
      }),
    });
    await new Browser(app.url).post("/auth/signinup/code", { email: "content@example.com" }, PW);
    const mail = await app.mail.waitForMessage("content@example.com");
    expect(mail.subject).toBe("Your custom code");
    expect(mail.text.trim()).toMatch(/^CODE\[\d{6}\]$/);
  });

  it("a user-supplied smsDelivery.service receives the SMS input", async () => {
    const texts: any[] = [];
    app = await startPasswordlessApp({
      passwordless: { smsDelivery: { service: { sendSms: async (input) => void texts.push(input) } } },
    });
    const created = await new Browser(app.url).post(
      "/auth/signinup/code",
      { phoneNumber: "+447911123456" },
      PW,
    );
    expect(created.body.status).toBe("OK");
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ phoneNumber: "+447911123456", type: "PASSWORDLESS_LOGIN" });
  });
});

describe("flowType and getCustomUserInputCode", () => {
  it("USER_INPUT_CODE sends only the code; getCustomUserInputCode picks it", async () => {
    const seen: any[] = [];
    app = await startPasswordlessApp({
      passwordless: {
        flowType: "USER_INPUT_CODE",
        getCustomUserInputCode: () => "ABC123",
        emailDelivery: {
          override: (original) => ({ ...original, sendEmail: async (input) => void seen.push(input) }),
        },
      },
    });
    const browser = new Browser(app.url);
    const created = await browser.post("/auth/signinup/code", { email: "custom@example.com" }, PW);
    expect(created.body.flowType).toBe("USER_INPUT_CODE");
    expect(seen[0].userInputCode).toBe("ABC123");
    expect(seen[0].urlWithLinkCode).toBeUndefined();
    const consumed = await browser.post(
      "/auth/signinup/code/consume",
      {
        preAuthSessionId: created.body.preAuthSessionId,
        deviceId: created.body.deviceId,
        userInputCode: "ABC123",
      },
      PW,
    );
    expect(consumed.body.status).toBe("OK");
  });

  it("MAGIC_LINK sends only the link", async () => {
    const seen: any[] = [];
    app = await startPasswordlessApp({
      passwordless: {
        flowType: "MAGIC_LINK",
        emailDelivery: {
          override: (original) => ({ ...original, sendEmail: async (input) => void seen.push(input) }),
        },
      },
    });
    await new Browser(app.url).post("/auth/signinup/code", { email: "ml@example.com" }, PW);
    expect(seen[0].userInputCode).toBeUndefined();
    expect(seen[0].urlWithLinkCode).toContain("#");
  });

  it("contactMethod EMAIL refuses a phone number with 400", async () => {
    app = await startPasswordlessApp({ passwordless: { contactMethod: "EMAIL" } as any });
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code",
      { phoneNumber: "+36201234567" },
      PW,
    );
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/email/);
  });

  it("contactMethod PHONE refuses an email with 400", async () => {
    app = await startPasswordlessApp({ passwordless: { contactMethod: "PHONE" } as any });
    const answer = await new Browser(app.url).post("/auth/signinup/code", { email: "a@b.co" }, PW);
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/phoneNumber/);
  });

  it("a custom validateEmailAddress message comes back as GENERAL_ERROR", async () => {
    app = await startPasswordlessApp({
      passwordless: {
        validateEmailAddress: (email: string) =>
          email.endsWith("@corp.test") ? undefined : "Use your work email",
      } as any,
    });
    const answer = await new Browser(app.url).post("/auth/signinup/code", { email: "me@gmail.com" }, PW);
    expect(answer.body).toEqual({ status: "GENERAL_ERROR", message: "Use your work email" });
  });
});
