import { afterAll, beforeAll, describe, expect, it } from "vitest";
import SuperTokens from "../../src/supertokens";
import { SupertokensService, TwilioService } from "../../src/recipe/passwordless/smsdelivery";
import * as Session from "../../src/recipe/session/index";
import type { TypePasswordlessSmsDeliveryInput } from "../../src/recipe/passwordless/types";
import { startSmsCatcher, type SmsCatcher } from "../support/sms-catcher";

let twilio: SmsCatcher;

beforeAll(async () => {
  twilio = await startSmsCatcher();
  SuperTokens.init({
    supertokens: { connectionURI: "memory:" },
    appInfo: { appName: "Acme", apiDomain: "http://localhost:3001", websiteDomain: "http://localhost:3000" },
    recipeList: [Session.init()],
  });
});

afterAll(async () => {
  await SuperTokens.resetAsync();
  await twilio.close();
});

function login(phoneNumber: string, overrides: Partial<TypePasswordlessSmsDeliveryInput> = {}) {
  return {
    type: "PASSWORDLESS_LOGIN" as const,
    isFirstFactor: true,
    phoneNumber,
    userInputCode: "654321",
    urlWithLinkCode: "http://localhost:3000/auth/verify?preAuthSessionId=p1&tenantId=public#l1",
    codeLifetime: 600_000,
    preAuthSessionId: "p1",
    tenantId: "public",
    userContext: {},
    ...overrides,
  };
}

function settings(extra: Record<string, unknown>) {
  return {
    accountSid: "AC0123456789",
    authToken: "tok3n",
    opts: { apiBaseUrl: twilio.url },
    ...extra,
  } as any;
}

describe("TwilioService.sendSms", () => {
  it("posts Twilio's Messages.json form with Basic auth, To, From and Body", async () => {
    const service = new TwilioService({ twilioSettings: settings({ from: "+15005550006" }) });
    await service.sendSms(login("+36201234567"));
    const request = await twilio.waitForSms("+36201234567");
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/2010-04-01/Accounts/AC0123456789/Messages.json");
    expect(request.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request.headers.authorization).toBe(
      `Basic ${Buffer.from("AC0123456789:tok3n").toString("base64")}`,
    );
    expect(Object.keys(request.form).sort()).toEqual(["Body", "From", "To"]);
    expect(request.form.From).toBe("+15005550006");
    expect(request.form.Body).toContain("654321");
    expect(request.form.Body).toContain("#l1");
    expect(request.form.Body).toContain("10 minutes");
    expect(request.form.Body).toContain("Acme");
  });

  it("sends MessagingServiceSid instead of From when configured so", async () => {
    const service = new TwilioService({ twilioSettings: settings({ messagingServiceSid: "MG42" }) });
    await service.sendSms(login("+36201234568"));
    const request = await twilio.waitForSms("+36201234568");
    expect(Object.keys(request.form).sort()).toEqual(["Body", "MessagingServiceSid", "To"]);
    expect(request.form.MessagingServiceSid).toBe("MG42");
  });

  it("fails with Twilio's message (and never the auth token) when Twilio refuses", async () => {
    const service = new TwilioService({ twilioSettings: settings({ from: "+15005550006" }) });
    twilio.failWith({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
    try {
      const error = await service.sendSms(login("+36201234569")).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain("not a valid phone number");
      expect((error as Error).message).toContain("21211");
      expect((error as Error).message).not.toContain("tok3n");
    } finally {
      twilio.failWith(undefined);
    }
  });
});

describe("TwilioService override", () => {
  it("getContent replaces the body", async () => {
    const service = new TwilioService({
      twilioSettings: settings({ from: "+15005550006" }),
      override: (original) => ({
        ...original,
        getContent: async (input) => ({
          body: `code ${input.userInputCode}`,
          toPhoneNumber: input.phoneNumber,
        }),
      }),
    });
    await service.sendSms(login("+36201234570"));
    const request = await twilio.waitForSms("+36201234570");
    expect(request.form.Body).toBe("code 654321");
  });

  it("sendRawSms can replace the HTTP call and gets the sender", async () => {
    const sent: any[] = [];
    const service = new TwilioService({
      twilioSettings: settings({ from: "+15005550006" }),
      override: (original) => ({ ...original, sendRawSms: async (input) => void sent.push(input) }),
    });
    const before = twilio.requests.length;
    await service.sendSms(login("+36201234571"));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ toPhoneNumber: "+36201234571", from: "+15005550006" });
    expect(twilio.requests.length).toBe(before);
  });
});

describe("new TwilioService (settings)", () => {
  it("rejects both from and messagingServiceSid", () => {
    expect(
      () => new TwilioService({ twilioSettings: settings({ from: "+1", messagingServiceSid: "MG1" }) }),
    ).toThrow(/exactly one of twilioSettings.from .* or twilioSettings.messagingServiceSid/);
  });

  it("rejects neither from nor messagingServiceSid", () => {
    expect(() => new TwilioService({ twilioSettings: settings({}) })).toThrow(/exactly one/);
  });

  it("rejects a missing accountSid or authToken", () => {
    expect(() => new TwilioService({ twilioSettings: { authToken: "t", from: "+1" } as any })).toThrow(
      /accountSid/,
    );
    expect(() => new TwilioService({ twilioSettings: { accountSid: "AC", from: "+1" } as any })).toThrow(
      /authToken/,
    );
  });

  it("SupertokensService says to use TwilioService instead", () => {
    expect(() => new SupertokensService("key")).toThrow(/TwilioService/);
  });
});
