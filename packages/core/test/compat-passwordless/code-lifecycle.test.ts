/**
 * The rest of the official supertokens-node@24.0.3 Passwordless surface a backend uses against
 * our core: code expiry (the core's clock is moved, docs/protocol/cdi.md §5 "Passwordless codes"),
 * checkCode, revoking codes, signInUp, updateUser and deleting the user — on every test engine.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { Passwordless, supertokens } from "./support/official-passwordless";
import {
  newEmail,
  newPhoneNumber,
  startPasswordlessCompat,
  wrongCodeFor,
  type PasswordlessCompat,
} from "./support/passwordless-compat";

const CODE_LIFETIME_MS = 900_000;

describe.each(testEngines())("official Passwordless code lifecycle against the core (%s)", (engine) => {
  let compat: PasswordlessCompat;
  let offsetMs = 0;

  beforeAll(async () => {
    compat = await startPasswordlessCompat(engine, { now: () => Date.now() + offsetMs });
  });

  afterAll(async () => {
    await compat?.close();
  });

  const tenantId = "public";
  const createEmailCode = (email: string) => Passwordless.createCode({ tenantId, email });
  const consumeWithCode = (code: any, userInputCode = code.userInputCode) =>
    Passwordless.consumeCode({
      tenantId,
      preAuthSessionId: code.preAuthSessionId,
      deviceId: code.deviceId,
      userInputCode,
    });

  /** Runs `fn` with the core's clock moved past the code lifetime, then puts it back. */
  async function afterCodeLifetime<T>(fn: () => Promise<T>): Promise<T> {
    offsetMs = CODE_LIFETIME_MS + 60_000;
    try {
      return await fn();
    } finally {
      offsetMs = 0;
    }
  }

  describe("code expiry", () => {
    it("answers EXPIRED_USER_INPUT_CODE_ERROR with the counts for the right code after its lifetime", async () => {
      const code = await createEmailCode(newEmail());

      const result = await afterCodeLifetime(() => consumeWithCode(code));

      expect(result).toEqual({
        status: "EXPIRED_USER_INPUT_CODE_ERROR",
        failedCodeInputAttemptCount: 1,
        maximumCodeInputAttempts: 5,
      });
    });

    it("answers RESTART_FLOW_ERROR for an expired link code", async () => {
      const code = await createEmailCode(newEmail());

      const result = await afterCodeLifetime(() =>
        Passwordless.consumeCode({
          tenantId,
          preAuthSessionId: code.preAuthSessionId,
          linkCode: code.linkCode,
        }),
      );

      expect(result).toEqual({ status: "RESTART_FLOW_ERROR" });
    });

    it("accepts a code resent after the first one expired", async () => {
      const code = await createEmailCode(newEmail());

      const result = await afterCodeLifetime(async () => {
        const resent = await Passwordless.createNewCodeForDevice({ tenantId, deviceId: code.deviceId });
        return consumeWithCode(resent);
      });

      expect(result.status).toBe("OK");
    });
  });

  describe("Passwordless.checkCode", () => {
    it("verifies the code without consuming it: the same code then signs in", async () => {
      const email = newEmail();
      const code = await createEmailCode(email);

      const checked = await Passwordless.checkCode({
        tenantId,
        preAuthSessionId: code.preAuthSessionId,
        deviceId: code.deviceId,
        userInputCode: code.userInputCode,
      });

      expect(checked).toEqual({
        status: "OK",
        consumedDevice: { preAuthSessionId: code.preAuthSessionId, failedCodeInputAttemptCount: 0, email },
      });
      expect((await consumeWithCode(code)).status).toBe("OK");
    });

    it("counts a wrong code like consume does", async () => {
      const code = await createEmailCode(newEmail());

      const checked = await Passwordless.checkCode({
        tenantId,
        preAuthSessionId: code.preAuthSessionId,
        deviceId: code.deviceId,
        userInputCode: wrongCodeFor(code.userInputCode),
      });

      expect(checked).toMatchObject({
        status: "INCORRECT_USER_INPUT_CODE_ERROR",
        failedCodeInputAttemptCount: 1,
      });
      expect((await consumeWithCode(code)).consumedDevice.failedCodeInputAttemptCount).toBe(1);
    });
  });

  describe("Passwordless.revokeCode and revokeAllCodes", () => {
    it("revokeCode by codeId makes that code unusable", async () => {
      const code = await createEmailCode(newEmail());

      expect(await Passwordless.revokeCode({ tenantId, codeId: code.codeId })).toEqual({ status: "OK" });

      expect(await consumeWithCode(code)).toEqual({ status: "RESTART_FLOW_ERROR" });
    });

    it("revokeAllCodes by email removes every device of the email", async () => {
      const email = newEmail();
      const first = await createEmailCode(email);
      await createEmailCode(email);
      expect(await Passwordless.listCodesByEmail({ tenantId, email })).toHaveLength(2);

      expect(await Passwordless.revokeAllCodes({ tenantId, email })).toEqual({ status: "OK" });

      expect(await Passwordless.listCodesByEmail({ tenantId, email })).toEqual([]);
      expect(await consumeWithCode(first)).toEqual({ status: "RESTART_FLOW_ERROR" });
    });

    it("revokeAllCodes by phone number removes the phone's devices", async () => {
      const phoneNumber = newPhoneNumber();
      await Passwordless.createCode({ tenantId, phoneNumber });

      await Passwordless.revokeAllCodes({ tenantId, phoneNumber });

      expect(await Passwordless.listCodesByPhoneNumber({ tenantId, phoneNumber })).toEqual([]);
    });
  });

  describe("Passwordless.signInUp", () => {
    it("signs up a user without a code exchange, then signs the same user in", async () => {
      const email = newEmail();

      const first = await Passwordless.signInUp({ tenantId, email });
      const second = await Passwordless.signInUp({ tenantId, email });

      expect(first.status).toBe("OK");
      expect(first.createdNewRecipeUser).toBe(true);
      expect(second.createdNewRecipeUser).toBe(false);
      expect(second.user.id).toBe(first.user.id);
    });
  });

  describe("Passwordless.updateUser", () => {
    it("changes the email of a passwordless user", async () => {
      const signedUp = await Passwordless.signInUp({ tenantId, email: newEmail() });
      const newAddress = newEmail();

      const updated = await Passwordless.updateUser({
        recipeUserId: signedUp.recipeUserId,
        email: newAddress,
      });

      expect(updated).toEqual({ status: "OK" });
      expect((await supertokens.getUser(signedUp.user.id))?.emails).toEqual([newAddress]);
    });

    it("answers EMAIL_ALREADY_EXISTS_ERROR for another passwordless user's email", async () => {
      const taken = newEmail();
      await Passwordless.signInUp({ tenantId, email: taken });
      const other = await Passwordless.signInUp({ tenantId, email: newEmail() });

      const updated = await Passwordless.updateUser({ recipeUserId: other.recipeUserId, email: taken });

      expect(updated).toEqual({ status: "EMAIL_ALREADY_EXISTS_ERROR" });
    });

    it("answers UNKNOWN_USER_ID_ERROR for an id no one has", async () => {
      const updated = await Passwordless.updateUser({
        recipeUserId: supertokens.convertToRecipeUserId("00000000-0000-4000-8000-000000000000"),
        email: newEmail(),
      });

      expect(updated).toEqual({ status: "UNKNOWN_USER_ID_ERROR" });
    });
  });

  describe("supertokens.deleteUser", () => {
    it("removes the passwordless user: the email is free again and a new sign-in creates a new user", async () => {
      const email = newEmail();
      const signedUp = await Passwordless.signInUp({ tenantId, email });

      await supertokens.deleteUser(signedUp.user.id);

      expect(await supertokens.getUser(signedUp.user.id)).toBeUndefined();
      expect(await supertokens.listUsersByAccountInfo(tenantId, { email })).toEqual([]);
      const again = await consumeWithCode(await createEmailCode(email));
      expect(again.createdNewRecipeUser).toBe(true);
      expect(again.user.id).not.toBe(signedUp.user.id);
    });
  });
});
