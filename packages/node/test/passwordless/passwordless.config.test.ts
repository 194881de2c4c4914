import { afterEach, describe, expect, it, vi } from "vitest";
import SuperTokens from "../../src/supertokens";
import * as Session from "../../src/recipe/session/index";
import * as Passwordless from "../../src/recipe/passwordless/index";
import { Browser } from "../support/session-app";
import { startPasswordlessApp, type PasswordlessApp } from "./support/app";

let app: PasswordlessApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  await SuperTokens.resetAsync();
  vi.restoreAllMocks();
});

function initWith(config: unknown) {
  SuperTokens.init({
    supertokens: { connectionURI: "memory:" },
    appInfo: { appName: "t", apiDomain: "http://localhost:3001", websiteDomain: "http://localhost:3000" },
    recipeList: [Session.init(), Passwordless.init(config as any)],
  });
}

describe("Passwordless.init", () => {
  it.each([
    [undefined, /Passwordless.init needs a config/],
    [
      { flowType: "MAGIC_LINK" },
      /contactMethod must be one of "PHONE", "EMAIL", "EMAIL_OR_PHONE" \(got undefined\)/,
    ],
    [{ contactMethod: "SMS", flowType: "MAGIC_LINK" }, /contactMethod must be one of .* \(got "SMS"\)/],
    [
      { contactMethod: "EMAIL", flowType: "LINK" },
      /flowType must be one of "USER_INPUT_CODE", "MAGIC_LINK", "USER_INPUT_CODE_AND_MAGIC_LINK" \(got "LINK"\)/,
    ],
    [
      { contactMethod: "EMAIL", flowType: "MAGIC_LINK", validateEmailAddress: "x" },
      /validateEmailAddress must be a function/,
    ],
    [
      { contactMethod: "EMAIL", flowType: "MAGIC_LINK", getCustomUserInputCode: 6 },
      /getCustomUserInputCode must be a function/,
    ],
    [
      { contactMethod: "EMAIL", flowType: "MAGIC_LINK", emailDelivery: { service: {} } },
      /emailDelivery.service must have a sendEmail/,
    ],
    [
      { contactMethod: "PHONE", flowType: "MAGIC_LINK", smsDelivery: { override: 1 } },
      /smsDelivery.override must be a function/,
    ],
    [
      { contactMethod: "PHONE", flowType: "MAGIC_LINK", override: { apis: {} } },
      /override.apis must be a function/,
    ],
  ])("rejects %j", (config, message) => {
    expect(() => initWith(config)).toThrow(message);
  });
});

describe("default delivery (no service configured)", () => {
  it("prints the code and link to the console with the embedded SQLite core", async () => {
    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void printed.push(String(line)));
    app = await startPasswordlessApp({ transport: "embedded", withoutServices: true });
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code",
      { email: "dev@example.com" },
      { rid: "passwordless" },
    );
    expect(answer.body.status).toBe("OK");
    const output = printed.join("\n");
    expect(output).toContain("DEVELOPMENT ONLY");
    expect(output).toContain("dev@example.com");
    expect(output).toMatch(/code: \d{6}/);
    expect(output).toContain(`preAuthSessionId=${answer.body.preAuthSessionId}`);
    expect(app.mail.messages).toHaveLength(0);
  });

  it("refuses to send, saying what to configure, with a core over HTTP", async () => {
    app = await startPasswordlessApp({ transport: "http", withoutServices: true });
    const answer = await new Browser(app.url).post(
      "/auth/signinup/code",
      { phoneNumber: "+36201234567" },
      { rid: "passwordless" },
    );
    expect(answer.status).toBe(500);
    expect(answer.body.error).toMatch(/no SMS delivery is configured.*TwilioService/);
  });

  it("refuses to print in production even with the embedded core", async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      app = await startPasswordlessApp({ transport: "embedded", withoutServices: true });
      const answer = await new Browser(app.url).post(
        "/auth/signinup/code",
        { email: "prod@example.com" },
        { rid: "passwordless" },
      );
      expect(answer.status).toBe(500);
      expect(answer.body.error).toMatch(/no email delivery is configured.*SMTPService/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
