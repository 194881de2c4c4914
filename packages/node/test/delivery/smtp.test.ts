import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import SuperTokens from "../../src/supertokens";
import { SMTPService } from "../../src/recipe/passwordless/emaildelivery";
import * as Session from "../../src/recipe/session/index";
import type { TypePasswordlessEmailDeliveryInput } from "../../src/recipe/passwordless/types";
import { startMailCatcher, type MailCatcher } from "../support/mail-catcher";

let catcher: MailCatcher;

beforeAll(async () => {
  catcher = await startMailCatcher();
  // Only for appInfo.appName; the embedded core is never started by these tests.
  SuperTokens.init({
    supertokens: { connectionURI: "memory:" },
    appInfo: {
      appName: "Acme <Tools> & Co",
      apiDomain: "http://localhost:3001",
      websiteDomain: "http://localhost:3000",
    },
    recipeList: [Session.init()],
  });
});

afterAll(async () => {
  await SuperTokens.resetAsync();
  await catcher.close();
});

afterEach(() => {
  catcher.messages.length = 0;
});

function login(overrides: Partial<TypePasswordlessEmailDeliveryInput> = {}) {
  return {
    type: "PASSWORDLESS_LOGIN" as const,
    isFirstFactor: true,
    email: "ada@example.com",
    userInputCode: "123456",
    urlWithLinkCode: "http://localhost:3000/auth/verify?preAuthSessionId=abc_-1&tenantId=public#LiNk-_code",
    codeLifetime: 900_000,
    preAuthSessionId: "abc_-1",
    tenantId: "public",
    userContext: {},
    ...overrides,
  };
}

function smtp(extra: Record<string, unknown> = {}) {
  return {
    host: "127.0.0.1",
    port: catcher.port,
    from: { name: "Acme Login", email: "login@acme.test" },
    ...extra,
  };
}

describe("SMTPService.sendEmail", () => {
  it("sends the code, the link, the lifetime in minutes and the app name, as HTML and as text", async () => {
    const service = new SMTPService({ smtpSettings: smtp() });
    await service.sendEmail(login());
    const mail = await catcher.waitForMessage("ada@example.com");
    expect(mail.from).toBe("login@acme.test");
    expect(mail.headers.from).toContain("Acme Login");
    expect(mail.subject).toContain("123456");
    expect(mail.text).toContain("123456");
    expect(mail.text).toContain(login().urlWithLinkCode);
    expect(mail.text).toContain("15 minutes");
    expect(mail.text).toContain("Acme <Tools> & Co");
    expect(mail.html).toContain("123456");
    expect(mail.html).toContain("15 minutes");
    expect(mail.html).toContain(`href="${login().urlWithLinkCode.replace(/&/g, "&amp;")}"`);
  });

  it("escapes the app name and every inserted value in the HTML part", async () => {
    const service = new SMTPService({ smtpSettings: smtp() });
    await service.sendEmail(
      login({
        userInputCode: "<img src=x>",
        urlWithLinkCode: 'http://x.test/verify#"><script>alert(1)</script>',
      }),
    );
    const mail = await catcher.waitForMessage("ada@example.com");
    expect(mail.html).toContain("Acme &lt;Tools&gt; &amp; Co");
    expect(mail.html).not.toContain("<Tools>");
    expect(mail.html).not.toContain("<img src=x>");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;img src=x&gt;");
  });

  it("leaves out the code when only a magic link is sent, and the link when only a code is", async () => {
    const service = new SMTPService({ smtpSettings: smtp() });
    await service.sendEmail(login({ userInputCode: undefined }));
    const linkOnly = await catcher.waitForMessage("ada@example.com");
    expect(linkOnly.text).not.toContain("123456");
    expect(linkOnly.text).toContain("LiNk-_code");
    await service.sendEmail(login({ urlWithLinkCode: undefined }));
    const codeOnly = await catcher.waitForMessage("ada@example.com");
    expect(codeOnly.text).toContain("123456");
    expect(codeOnly.text).not.toContain("verify");
  });

  it("authenticates with authUsername and password when a password is set", async () => {
    const service = new SMTPService({ smtpSettings: smtp({ password: "s3cret", authUsername: "mailer" }) });
    await service.sendEmail(login());
    const mail = await catcher.waitForMessage("ada@example.com");
    expect(mail.auth).toEqual({ username: "mailer", password: "s3cret" });
  });

  it("authenticates as from.email when no authUsername is set", async () => {
    const service = new SMTPService({ smtpSettings: smtp({ password: "s3cret" }) });
    await service.sendEmail(login());
    const mail = await catcher.waitForMessage("ada@example.com");
    expect(mail.auth).toEqual({ username: "login@acme.test", password: "s3cret" });
  });

  it("fails when the SMTP server cannot be reached", async () => {
    const service = new SMTPService({ smtpSettings: { ...smtp(), port: 1 } });
    await expect(service.sendEmail(login())).rejects.toThrow();
  });
});

describe("SMTPService override", () => {
  it("getContent replaces the message and sendRawEmail still delivers it", async () => {
    const service = new SMTPService({
      smtpSettings: smtp(),
      override: (original) => ({
        ...original,
        getContent: async (input) => ({
          subject: `Custom for ${input.tenantId}`,
          body: `code=${input.userInputCode}`,
          isHtml: false,
          toEmail: input.email,
        }),
      }),
    });
    await service.sendEmail(login());
    const mail = await catcher.waitForMessage("ada@example.com");
    expect(mail.subject).toBe("Custom for public");
    expect(mail.text.trim()).toBe("code=123456");
    expect(mail.html).toBe("");
  });

  it("sendRawEmail can replace the transport and receives the default content", async () => {
    const sent: Array<{ subject: string; toEmail: string; body: string }> = [];
    const service = new SMTPService({
      smtpSettings: smtp(),
      override: (original) => ({
        ...original,
        sendRawEmail: async (input) => {
          sent.push(input);
        },
      }),
    });
    await service.sendEmail(login());
    expect(sent).toHaveLength(1);
    expect(sent[0].toEmail).toBe("ada@example.com");
    expect(sent[0].body).toContain("123456");
    expect(catcher.messages).toHaveLength(0);
  });

  it("the original getContent is reachable from an override", async () => {
    const service = new SMTPService({
      smtpSettings: smtp(),
      override: (original) => ({
        ...original,
        getContent: async (input) => {
          const content = await original.getContent(input);
          return { ...content, subject: `[test] ${content.subject}` };
        },
      }),
    });
    await service.sendEmail(login());
    const mail = await catcher.waitForMessage("ada@example.com");
    expect(mail.subject).toMatch(/^\[test\] .*123456/);
  });
});

describe("new SMTPService (settings)", () => {
  it.each([
    [{}, /smtpSettings/],
    [{ smtpSettings: { port: 25, from: { name: "a", email: "a@b.c" } } }, /host/],
    [{ smtpSettings: { host: "h", port: "25", from: { name: "a", email: "a@b.c" } } }, /port/],
    [{ smtpSettings: { host: "h", port: 25, from: "a@b.c" } }, /from/],
    [{ smtpSettings: { host: "h", port: 25, from: { name: "a", email: "a@b.c" }, password: 5 } }, /password/],
  ])("rejects %j", (config, message) => {
    expect(() => new SMTPService(config as any)).toThrow(message);
  });
});
