/**
 * The official supertokens-node@24.0.3 Passwordless recipe's public functions against our core
 * (docs/protocol/cdi.md §3 "Passwordless", §4 "Passwordless createCode / consume"), on every test engine.
 * Each call goes over real HTTP from the official SDK to a core started by the test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { Passwordless, Session, supertokens } from "./support/official-passwordless";
import {
  newEmail,
  newPhoneNumber,
  startPasswordlessCompat,
  wrongCodeFor,
  type PasswordlessCompat,
} from "./support/passwordless-compat";

/** The core's defaults (docs/protocol/cdi.md §5 "Config defaults"). */
const MAX_CODE_INPUT_ATTEMPTS = 5;
const CODE_LIFETIME_MS = 900_000;

describe.each(testEngines())("official Passwordless functions against the core (%s)", (engine) => {
  let compat: PasswordlessCompat;

  beforeAll(async () => {
    compat = await startPasswordlessCompat(engine);
  });

  afterAll(async () => {
    await compat?.close();
  });

  const createEmailCode = (email: string) => Passwordless.createCode({ tenantId: "public", email });
  const consumeWithCode = (code: any, userInputCode = code.userInputCode) =>
    Passwordless.consumeCode({
      tenantId: "public",
      preAuthSessionId: code.preAuthSessionId,
      deviceId: code.deviceId,
      userInputCode,
    });

  describe("Passwordless.createCode", () => {
    it("creates an email code with a six-digit input code, a URL-safe link code and the default lifetime", async () => {
      const code = await createEmailCode(newEmail());

      expect(code.status).toBe("OK");
      expect(code.userInputCode).toMatch(/^\d{6}$/);
      expect(code.linkCode).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(code.preAuthSessionId).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(typeof code.deviceId).toBe("string");
      expect(typeof code.codeId).toBe("string");
      expect(code.codeLifetime).toBe(CODE_LIFETIME_MS);
      expect(Math.abs(code.timeCreated - Date.now())).toBeLessThan(60_000);
    });

    it("creates a phone code", async () => {
      const code = await Passwordless.createCode({ tenantId: "public", phoneNumber: newPhoneNumber() });

      expect(code.status).toBe("OK");
      expect(code.userInputCode).toMatch(/^\d{6}$/);
    });

    it("normalises the email as the core does (trimmed, lower case): the device and the user carry the normal form", async () => {
      const email = newEmail();
      const code = await Passwordless.createCode({ tenantId: "public", email: `  ${email.toUpperCase()} ` });

      const devices = await Passwordless.listCodesByEmail({ tenantId: "public", email });
      const result = await consumeWithCode(code);

      expect(devices.map((device: any) => device.preAuthSessionId)).toEqual([code.preAuthSessionId]);
      expect(result.user.emails).toEqual([email]);
    });

    it("normalises a phone number to E.164 as the core does", async () => {
      const phoneNumber = newPhoneNumber();
      const spaced = `${phoneNumber.slice(0, 3)} ${phoneNumber.slice(3, 5)} ${phoneNumber.slice(5, 8)} ${phoneNumber.slice(8)}`;
      const code = await Passwordless.createCode({ tenantId: "public", phoneNumber: spaced });

      const result = await consumeWithCode(code);

      expect(result.user.phoneNumbers).toEqual([phoneNumber]);
    });

    it("lists the device it created by email and by preAuthSessionId", async () => {
      const email = newEmail();
      const code = await createEmailCode(email);

      const byEmail = await Passwordless.listCodesByEmail({ tenantId: "public", email });
      const byPreAuthSessionId = await Passwordless.listCodesByPreAuthSessionId({
        tenantId: "public",
        preAuthSessionId: code.preAuthSessionId,
      });

      expect(byEmail).toHaveLength(1);
      expect(byEmail[0].preAuthSessionId).toBe(code.preAuthSessionId);
      expect(byEmail[0].email).toBe(email);
      expect(byEmail[0].failedCodeInputAttemptCount).toBe(0);
      expect(byEmail[0].codes.map((c: any) => c.codeId)).toEqual([code.codeId]);
      expect(byPreAuthSessionId?.codes.map((c: any) => c.codeId)).toEqual([code.codeId]);
    });
  });

  describe("Passwordless.consumeCode", () => {
    it("signs up a new user with the email OTP and marks the email verified", async () => {
      const email = newEmail();
      const code = await createEmailCode(email);

      const result = await consumeWithCode(code);

      expect(result.status).toBe("OK");
      expect(result.createdNewRecipeUser).toBe(true);
      expect(result.consumedDevice).toMatchObject({ preAuthSessionId: code.preAuthSessionId, email });
      expect(result.user.emails).toEqual([email]);
      expect(result.user.isPrimaryUser).toBe(false);
      expect(result.user.tenantIds).toEqual(["public"]);
      expect(result.user.loginMethods).toHaveLength(1);
      expect(result.user.loginMethods[0]).toMatchObject({
        recipeId: "passwordless",
        email,
        verified: true,
        tenantIds: ["public"],
      });
      expect(result.recipeUserId.getAsString()).toBe(result.user.id);
    });

    it("signs the same user in again with a new code, without creating a user", async () => {
      const email = newEmail();
      const first = await consumeWithCode(await createEmailCode(email));

      const second = await consumeWithCode(await createEmailCode(email));

      expect(second.status).toBe("OK");
      expect(second.createdNewRecipeUser).toBe(false);
      expect(second.user.id).toBe(first.user.id);
    });

    it("signs in with the magic link's linkCode alone", async () => {
      const email = newEmail();
      const code = await createEmailCode(email);

      const result = await Passwordless.consumeCode({
        tenantId: "public",
        preAuthSessionId: code.preAuthSessionId,
        linkCode: code.linkCode,
      });

      expect(result.status).toBe("OK");
      expect(result.createdNewRecipeUser).toBe(true);
      expect(result.user.emails).toEqual([email]);
    });

    it("signs up a phone user with the SMS OTP", async () => {
      const phoneNumber = newPhoneNumber();
      const code = await Passwordless.createCode({ tenantId: "public", phoneNumber });

      const result = await consumeWithCode(code);

      expect(result.status).toBe("OK");
      expect(result.createdNewRecipeUser).toBe(true);
      expect(result.user.phoneNumbers).toEqual([phoneNumber]);
      expect(result.user.emails).toEqual([]);
      expect(result.user.loginMethods[0]).toMatchObject({
        recipeId: "passwordless",
        phoneNumber,
        verified: true,
      });
    });

    it("answers INCORRECT_USER_INPUT_CODE_ERROR with the attempt counts for a wrong code", async () => {
      const code = await createEmailCode(newEmail());

      const first = await consumeWithCode(code, wrongCodeFor(code.userInputCode));
      const second = await consumeWithCode(code, wrongCodeFor(code.userInputCode));

      expect(first).toEqual({
        status: "INCORRECT_USER_INPUT_CODE_ERROR",
        failedCodeInputAttemptCount: 1,
        maximumCodeInputAttempts: MAX_CODE_INPUT_ATTEMPTS,
      });
      expect(second.failedCodeInputAttemptCount).toBe(2);
    });

    it("still accepts the right code after fewer wrong ones than the maximum", async () => {
      const code = await createEmailCode(newEmail());
      await consumeWithCode(code, wrongCodeFor(code.userInputCode));

      const result = await consumeWithCode(code);

      expect(result.status).toBe("OK");
      expect(result.consumedDevice.failedCodeInputAttemptCount).toBe(1);
    });

    it("answers RESTART_FLOW_ERROR at the maximum of wrong codes, and the right code no longer works", async () => {
      const code = await createEmailCode(newEmail());
      const answers: any[] = [];
      for (let attempt = 1; attempt <= MAX_CODE_INPUT_ATTEMPTS; attempt++)
        answers.push(await consumeWithCode(code, wrongCodeFor(code.userInputCode)));

      expect(answers.slice(0, -1).map((a) => a.failedCodeInputAttemptCount)).toEqual([1, 2, 3, 4]);
      expect(answers.at(-1)).toEqual({ status: "RESTART_FLOW_ERROR" });
      expect(await consumeWithCode(code)).toEqual({ status: "RESTART_FLOW_ERROR" });
    });

    it("answers RESTART_FLOW_ERROR for a link code used twice", async () => {
      const code = await createEmailCode(newEmail());
      const consume = () =>
        Passwordless.consumeCode({
          tenantId: "public",
          preAuthSessionId: code.preAuthSessionId,
          linkCode: code.linkCode,
        });
      expect((await consume()).status).toBe("OK");

      expect(await consume()).toEqual({ status: "RESTART_FLOW_ERROR" });
    });

    it("answers RESTART_FLOW_ERROR for a link code that belongs to another device", async () => {
      const mine = await createEmailCode(newEmail());
      const other = await createEmailCode(newEmail());

      const result = await Passwordless.consumeCode({
        tenantId: "public",
        preAuthSessionId: mine.preAuthSessionId,
        linkCode: other.linkCode,
      });

      expect(result).toEqual({ status: "RESTART_FLOW_ERROR" });
    });
  });

  describe("Passwordless.createNewCodeForDevice (resend)", () => {
    it("creates a second code for the same device, and the new code signs in", async () => {
      const email = newEmail();
      const first = await createEmailCode(email);

      const resent = await Passwordless.createNewCodeForDevice({
        tenantId: "public",
        deviceId: first.deviceId,
      });

      expect(resent.status).toBe("OK");
      expect(resent.preAuthSessionId).toBe(first.preAuthSessionId);
      expect(resent.codeId).not.toBe(first.codeId);
      expect(resent.linkCode).not.toBe(first.linkCode);
      const device = await Passwordless.listCodesByDeviceId({ tenantId: "public", deviceId: first.deviceId });
      expect(device?.codes).toHaveLength(2);
      expect((await consumeWithCode(resent)).status).toBe("OK");
    });

    it("answers USER_INPUT_CODE_ALREADY_USED_ERROR when the chosen input code is already the device's", async () => {
      const first = await Passwordless.createCode({
        tenantId: "public",
        email: newEmail(),
        userInputCode: "123456",
      });

      const resent = await Passwordless.createNewCodeForDevice({
        tenantId: "public",
        deviceId: first.deviceId,
        userInputCode: "123456",
      });

      expect(resent).toEqual({ status: "USER_INPUT_CODE_ALREADY_USED_ERROR" });
    });

    it("answers RESTART_FLOW_ERROR for a device that no longer exists", async () => {
      const code = await createEmailCode(newEmail());
      expect((await consumeWithCode(code)).status).toBe("OK");

      const resent = await Passwordless.createNewCodeForDevice({
        tenantId: "public",
        deviceId: code.deviceId,
      });

      expect(resent).toEqual({ status: "RESTART_FLOW_ERROR" });
    });
  });

  describe("supertokens.listUsersByAccountInfo (the email-exists check)", () => {
    it("finds no user for an email before its first sign-in, and the passwordless user after", async () => {
      const email = newEmail();
      const lookUp = () => supertokens.listUsersByAccountInfo("public", { email });
      expect(await lookUp()).toEqual([]);

      const signedIn = await consumeWithCode(await createEmailCode(email));

      const found = await lookUp();
      expect(found.map((user: any) => user.id)).toEqual([signedIn.user.id]);
      expect(found[0].loginMethods[0].recipeId).toBe("passwordless");
    });

    it("finds a phone user by phone number", async () => {
      const phoneNumber = newPhoneNumber();
      const signedIn = await consumeWithCode(
        await Passwordless.createCode({ tenantId: "public", phoneNumber }),
      );

      const found = await supertokens.listUsersByAccountInfo("public", { phoneNumber });

      expect(found.map((user: any) => user.id)).toEqual([signedIn.user.id]);
    });
  });

  describe("supertokens.getUser", () => {
    it("returns the passwordless user the consume created", async () => {
      const email = newEmail();
      const signedIn = await consumeWithCode(await createEmailCode(email));

      const user = await supertokens.getUser(signedIn.user.id);

      expect(user?.toJson()).toEqual(signedIn.user.toJson());
    });
  });

  describe("Session.createNewSessionWithoutRequestResponse after consume", () => {
    it("creates a session for the new user that verifies locally, without asking the core", async () => {
      const signedIn = await consumeWithCode(await createEmailCode(newEmail()));
      const session = await Session.createNewSessionWithoutRequestResponse("public", signedIn.recipeUserId);
      const { accessToken } = session.getAllSessionTokensDangerously();
      const seenBefore = compat.coreRequests.seen.length;

      const verified = await Session.getSessionWithoutRequestResponse(accessToken);

      expect(verified.getUserId()).toBe(signedIn.user.id);
      expect(verified.getRecipeUserId().getAsString()).toBe(signedIn.user.id);
      expect(verified.getHandle()).toBe(session.getHandle());
      expect(
        compat.coreRequests.seen
          .slice(seenBefore)
          .filter((request) => request.path.includes("/recipe/session")),
      ).toEqual([]);
    });
  });
});
