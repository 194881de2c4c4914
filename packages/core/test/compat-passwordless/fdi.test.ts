/**
 * The official supertokens-node@24.0.3's own FDI endpoints (docs/protocol/fdi.md §6), served by its
 * Express `middleware()`, in front of our core — the path a real backend on the official SDK
 * takes (docs/protocol/cdi.md §4 "Passwordless createCode / consume"). Requests carry what
 * supertokens-web-js sends (`rid: passwordless`, `fdi-version`, `st-auth-mode: header`), codes
 * are read from the SDK's delivery, and the session the consume creates is used on a route
 * behind `verifySession()`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { appInfo, parseMagicLink } from "./support/official-passwordless";
import {
  newEmail,
  newPhoneNumber,
  startPasswordlessCompat,
  wrongCodeFor,
  type PasswordlessCompat,
} from "./support/passwordless-compat";

const MAX_CODE_INPUT_ATTEMPTS = 5;
const frontendHeaders = {
  "content-type": "application/json",
  rid: "passwordless",
  "fdi-version": "3.1,4.0,4.1,4.2",
  "st-auth-mode": "header",
};

interface FdiAnswer {
  status: number;
  body: any;
  headers: Headers;
}

describe.each(testEngines())("official SDK passwordless FDI endpoints against the core (%s)", (engine) => {
  let compat: PasswordlessCompat;

  beforeAll(async () => {
    compat = await startPasswordlessCompat(engine);
  });

  afterAll(async () => {
    await compat?.close();
  });

  async function post(path: string, body: unknown): Promise<FdiAnswer> {
    const response = await fetch(`${compat.api}/auth${path}`, {
      method: "POST",
      headers: frontendHeaders,
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }

  async function get(pathAndQuery: string): Promise<FdiAnswer> {
    const response = await fetch(`${compat.api}/auth${pathAndQuery}`, { headers: frontendHeaders });
    return { status: response.status, body: await response.json(), headers: response.headers };
  }

  const startSignIn = (contact: { email: string } | { phoneNumber: string }) =>
    post("/signinup/code", contact);
  const submitCode = (started: FdiAnswer, userInputCode: string) =>
    post("/signinup/code/consume", {
      preAuthSessionId: started.body.preAuthSessionId,
      deviceId: started.body.deviceId,
      userInputCode,
    });

  async function me(accessToken: string): Promise<FdiAnswer> {
    const response = await fetch(`${compat.api}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    return { status: response.status, body: await response.json(), headers: response.headers };
  }

  describe("POST /auth/signinup/code", () => {
    it("answers OK with the device and the flow type, and emails a code and a magic link", async () => {
      const email = newEmail();

      const started = await startSignIn({ email });

      expect(started.status).toBe(200);
      expect(started.body).toEqual({
        status: "OK",
        deviceId: expect.any(String),
        preAuthSessionId: expect.any(String),
        flowType: "USER_INPUT_CODE_AND_MAGIC_LINK",
      });
      const mail = compat.outbox.lastTo(email);
      expect(mail.channel).toBe("email");
      expect(mail.userInputCode).toMatch(/^\d{6}$/);
      expect(mail.preAuthSessionId).toBe(started.body.preAuthSessionId);
      const link = parseMagicLink(mail.urlWithLinkCode!);
      expect(link.path).toBe(`${appInfo.websiteDomain}${appInfo.websiteBasePath}/verify`);
      expect(link.preAuthSessionId).toBe(started.body.preAuthSessionId);
      expect(link.tenantId).toBe("public");
      expect(link.linkCode).toMatch(/^[A-Za-z0-9_-]+$/);
    });

    it("texts a code to a phone number", async () => {
      const phoneNumber = newPhoneNumber();

      const started = await startSignIn({ phoneNumber });

      expect(started.body.status).toBe("OK");
      const sms = compat.outbox.lastTo(phoneNumber);
      expect(sms.channel).toBe("sms");
      expect(sms.userInputCode).toMatch(/^\d{6}$/);
    });
  });

  describe("POST /auth/signinup/code/consume", () => {
    it("signs up a new user with the emailed code and returns a session that verifySession() accepts", async () => {
      const email = newEmail();
      const started = await startSignIn({ email });

      const consumed = await submitCode(started, compat.outbox.lastTo(email).userInputCode!);

      expect(consumed.status).toBe(200);
      expect(consumed.body.status).toBe("OK");
      expect(consumed.body.createdNewRecipeUser).toBe(true);
      expect(consumed.body.user).toMatchObject({
        isPrimaryUser: false,
        tenantIds: ["public"],
        emails: [email],
        phoneNumbers: [],
        loginMethods: [{ recipeId: "passwordless", email, verified: true, tenantIds: ["public"] }],
      });
      const accessToken = consumed.headers.get("st-access-token");
      expect(accessToken).toBeTruthy();
      expect(consumed.headers.get("st-refresh-token")).toBeTruthy();
      expect(consumed.headers.get("front-token")).toBeTruthy();
      const protectedAnswer = await me(accessToken!);
      expect(protectedAnswer.status).toBe(200);
      expect(protectedAnswer.body.userId).toBe(consumed.body.user.id);
    });

    it("signs in with the magic link's linkCode (another device: no deviceId)", async () => {
      const email = newEmail();
      await startSignIn({ email });
      const link = parseMagicLink(compat.outbox.lastTo(email).urlWithLinkCode!);

      const consumed = await post("/signinup/code/consume", {
        preAuthSessionId: link.preAuthSessionId,
        linkCode: link.linkCode,
      });

      expect(consumed.body.status).toBe("OK");
      expect(consumed.body.user.emails).toEqual([email]);
      expect((await me(consumed.headers.get("st-access-token")!)).status).toBe(200);
    });

    it("signs up a phone user with the texted code", async () => {
      const phoneNumber = newPhoneNumber();
      const started = await startSignIn({ phoneNumber });

      const consumed = await submitCode(started, compat.outbox.lastTo(phoneNumber).userInputCode!);

      expect(consumed.body.status).toBe("OK");
      expect(consumed.body.user.phoneNumbers).toEqual([phoneNumber]);
      expect(consumed.body.user.loginMethods[0]).toMatchObject({ recipeId: "passwordless", phoneNumber });
    });

    it("signs an existing user in again (createdNewRecipeUser false, same user)", async () => {
      const email = newEmail();
      const signUp = await startSignIn({ email });
      const signedUp = await submitCode(signUp, compat.outbox.lastTo(email).userInputCode!);

      const again = await startSignIn({ email });
      const signedIn = await submitCode(again, compat.outbox.lastTo(email).userInputCode!);

      expect(signedIn.body.status).toBe("OK");
      expect(signedIn.body.createdNewRecipeUser).toBe(false);
      expect(signedIn.body.user.id).toBe(signedUp.body.user.id);
    });

    it("answers INCORRECT_USER_INPUT_CODE_ERROR with the counts, without a session", async () => {
      const email = newEmail();
      const started = await startSignIn({ email });

      const wrong = await submitCode(started, wrongCodeFor(compat.outbox.lastTo(email).userInputCode!));

      expect(wrong.status).toBe(200);
      expect(wrong.body).toEqual({
        status: "INCORRECT_USER_INPUT_CODE_ERROR",
        failedCodeInputAttemptCount: 1,
        maximumCodeInputAttempts: MAX_CODE_INPUT_ATTEMPTS,
      });
      expect(wrong.headers.get("st-access-token")).toBeNull();
    });

    it("answers RESTART_FLOW_ERROR at the maximum of wrong codes, after which the right code fails too", async () => {
      const email = newEmail();
      const started = await startSignIn({ email });
      const rightCode = compat.outbox.lastTo(email).userInputCode!;
      const statuses: string[] = [];
      for (let attempt = 1; attempt <= MAX_CODE_INPUT_ATTEMPTS; attempt++)
        statuses.push((await submitCode(started, wrongCodeFor(rightCode))).body.status);

      expect(statuses).toEqual([
        ...Array(MAX_CODE_INPUT_ATTEMPTS - 1).fill("INCORRECT_USER_INPUT_CODE_ERROR"),
        "RESTART_FLOW_ERROR",
      ]);
      expect((await submitCode(started, rightCode)).body).toEqual({ status: "RESTART_FLOW_ERROR" });
    });
  });

  describe("POST /auth/signinup/code/resend", () => {
    it("sends a new code for the device, and the new code signs in", async () => {
      const email = newEmail();
      const started = await startSignIn({ email });
      const firstMail = compat.outbox.lastTo(email);

      const resent = await post("/signinup/code/resend", {
        deviceId: started.body.deviceId,
        preAuthSessionId: started.body.preAuthSessionId,
      });

      expect(resent.body).toEqual({ status: "OK" });
      expect(compat.outbox.countTo(email)).toBe(2);
      const secondMail = compat.outbox.lastTo(email);
      expect(secondMail.urlWithLinkCode).not.toBe(firstMail.urlWithLinkCode);
      expect((await submitCode(started, secondMail.userInputCode!)).body.status).toBe("OK");
    });

    it("answers RESTART_FLOW_ERROR for a device that was already consumed", async () => {
      const email = newEmail();
      const started = await startSignIn({ email });
      expect((await submitCode(started, compat.outbox.lastTo(email).userInputCode!)).body.status).toBe("OK");

      const resent = await post("/signinup/code/resend", {
        deviceId: started.body.deviceId,
        preAuthSessionId: started.body.preAuthSessionId,
      });

      expect(resent.body).toEqual({ status: "RESTART_FLOW_ERROR" });
    });
  });

  describe("GET /auth/passwordless/email/exists", () => {
    it("answers false before the first sign-in and true after", async () => {
      const email = newEmail();
      const exists = async () =>
        (await get(`/passwordless/email/exists?email=${encodeURIComponent(email)}`)).body;
      expect(await exists()).toEqual({ status: "OK", exists: false });

      const started = await startSignIn({ email });
      expect((await exists()).exists).toBe(false);
      await submitCode(started, compat.outbox.lastTo(email).userInputCode!);

      expect(await exists()).toEqual({ status: "OK", exists: true });
    });
  });

  describe("GET /auth/passwordless/phonenumber/exists", () => {
    it("answers false before the first sign-in and true after", async () => {
      const phoneNumber = newPhoneNumber();
      const exists = async () =>
        (await get(`/passwordless/phonenumber/exists?phoneNumber=${encodeURIComponent(phoneNumber)}`)).body;
      expect(await exists()).toEqual({ status: "OK", exists: false });

      await submitCode(await startSignIn({ phoneNumber }), compat.outbox.lastTo(phoneNumber).userInputCode!);

      expect(await exists()).toEqual({ status: "OK", exists: true });
    });
  });
});
