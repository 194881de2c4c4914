/** The public functions (docs/protocol/sdk-surface.md §1.7), against a real core embedded in-process (`memory:`). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import PasswordlessDefault, * as Passwordless from "../../src/entry/recipe/passwordless";
import { SMTPService } from "../../src/entry/recipe/passwordless/emaildelivery";
import { TwilioService } from "../../src/entry/recipe/passwordless/smsdelivery";
import RecipeUserId from "../../src/recipe-user-id";
import { getUser } from "../../src/users";
import { startPasswordlessApp, type PasswordlessApp } from "./support/app";

let app: PasswordlessApp;
beforeAll(async () => {
  app = await startPasswordlessApp({ transport: "embedded" });
});
afterAll(async () => {
  await app?.close();
});

const tenantId = "public";

describe("module shape", () => {
  it("has the same members as named exports and on default", () => {
    for (const name of [
      "init",
      "Error",
      "createCode",
      "createNewCodeForDevice",
      "consumeCode",
      "checkCode",
      "updateUser",
      "revokeAllCodes",
      "revokeCode",
      "listCodesByEmail",
      "listCodesByPhoneNumber",
      "listCodesByDeviceId",
      "listCodesByPreAuthSessionId",
      "createMagicLink",
      "signInUp",
      "sendEmail",
      "sendSms",
    ]) {
      expect(typeof (Passwordless as any)[name], name).toBe("function");
      expect((PasswordlessDefault as any)[name], name).toBe((Passwordless as any)[name]);
    }
    expect(typeof SMTPService).toBe("function");
    expect(typeof TwilioService).toBe("function");
  });
});

describe("createCode + consumeCode", () => {
  it("signs up with the code, returns user and recipeUserId", async () => {
    const code = await Passwordless.createCode({ email: "fn1@example.com", tenantId });
    expect(code).toMatchObject({ status: "OK", codeLifetime: 900_000 });
    const consumed = await Passwordless.consumeCode({
      preAuthSessionId: code.preAuthSessionId,
      deviceId: code.deviceId,
      userInputCode: code.userInputCode,
      tenantId,
    });
    expect(consumed.status).toBe("OK");
    if (consumed.status !== "OK") return;
    expect(consumed.createdNewRecipeUser).toBe(true);
    expect(consumed.recipeUserId).toBeInstanceOf(RecipeUserId);
    expect(consumed.user.emails).toEqual(["fn1@example.com"]);
    expect(consumed.consumedDevice).toMatchObject({
      preAuthSessionId: code.preAuthSessionId,
      email: "fn1@example.com",
    });
  });

  it("uses a given userInputCode", async () => {
    const code = await Passwordless.createCode({
      phoneNumber: "+36201110000",
      userInputCode: "777777",
      tenantId,
    });
    expect(code.userInputCode).toBe("777777");
  });
});

describe("checkCode", () => {
  it("accepts a right code without consuming it, and counts a wrong one", async () => {
    const code = await Passwordless.createCode({ email: "check@example.com", tenantId });
    const right = await Passwordless.checkCode({
      preAuthSessionId: code.preAuthSessionId,
      linkCode: code.linkCode,
      tenantId,
    });
    expect(right.status).toBe("OK");
    const wrong = await Passwordless.checkCode({
      preAuthSessionId: code.preAuthSessionId,
      deviceId: code.deviceId,
      userInputCode: "not-it",
      tenantId,
    });
    expect(wrong).toMatchObject({
      status: "INCORRECT_USER_INPUT_CODE_ERROR",
      failedCodeInputAttemptCount: 1,
    });
    const consumed = await Passwordless.consumeCode({
      preAuthSessionId: code.preAuthSessionId,
      linkCode: code.linkCode,
      tenantId,
    });
    expect(consumed.status).toBe("OK");
  });
});

describe("createNewCodeForDevice", () => {
  it("adds a code to the device, and RESTART_FLOW_ERROR for an unknown device", async () => {
    const code = await Passwordless.createCode({ email: "newcode@example.com", tenantId });
    const next = await Passwordless.createNewCodeForDevice({ deviceId: code.deviceId, tenantId });
    expect(next.status).toBe("OK");
    if (next.status === "OK") expect(next.preAuthSessionId).toBe(code.preAuthSessionId);
    const unknown = await Passwordless.createNewCodeForDevice({
      deviceId: Buffer.alloc(32, 1).toString("base64"),
      tenantId,
    });
    expect(unknown.status).toBe("RESTART_FLOW_ERROR");
  });
});

describe("listCodesBy*", () => {
  it("finds the device by email, device id and preAuthSessionId", async () => {
    const code = await Passwordless.createCode({ email: "list@example.com", tenantId });
    const byEmail = await Passwordless.listCodesByEmail({ email: "list@example.com", tenantId });
    expect(byEmail.map((d) => d.preAuthSessionId)).toContain(code.preAuthSessionId);
    const byDevice = await Passwordless.listCodesByDeviceId({ deviceId: code.deviceId, tenantId });
    expect(byDevice?.email).toBe("list@example.com");
    expect(byDevice?.codes.map((c) => c.codeId)).toEqual([code.codeId]);
    const byPre = await Passwordless.listCodesByPreAuthSessionId({
      preAuthSessionId: code.preAuthSessionId,
      tenantId,
    });
    expect(byPre?.preAuthSessionId).toBe(code.preAuthSessionId);
  });

  it("finds devices by phone number", async () => {
    const code = await Passwordless.createCode({ phoneNumber: "+36201112222", tenantId });
    const devices = await Passwordless.listCodesByPhoneNumber({ phoneNumber: "+36201112222", tenantId });
    expect(devices.map((d) => d.preAuthSessionId)).toEqual([code.preAuthSessionId]);
  });
});

describe("revokeCode / revokeAllCodes", () => {
  it("revokeCode by codeId removes that code", async () => {
    const code = await Passwordless.createCode({ email: "revoke1@example.com", tenantId });
    expect(await Passwordless.revokeCode({ codeId: code.codeId, tenantId })).toEqual({ status: "OK" });
    const consumed = await Passwordless.consumeCode({
      preAuthSessionId: code.preAuthSessionId,
      linkCode: code.linkCode,
      tenantId,
    });
    expect(consumed.status).toBe("RESTART_FLOW_ERROR");
  });

  it("revokeAllCodes removes every device of the email", async () => {
    await Passwordless.createCode({ email: "revoke2@example.com", tenantId });
    await Passwordless.createCode({ email: "revoke2@example.com", tenantId });
    expect(await Passwordless.revokeAllCodes({ email: "revoke2@example.com", tenantId })).toEqual({
      status: "OK",
    });
    expect(await Passwordless.listCodesByEmail({ email: "revoke2@example.com", tenantId })).toEqual([]);
  });
});

describe("createMagicLink", () => {
  it("returns a consumable link in the FDI format", async () => {
    const link = await Passwordless.createMagicLink({ email: "magicfn@example.com", tenantId });
    const url = new URL(link);
    expect(`${url.origin}${url.pathname}`).toBe("http://localhost:3000/auth/verify");
    expect(url.searchParams.get("tenantId")).toBe("public");
    const consumed = await Passwordless.consumeCode({
      preAuthSessionId: url.searchParams.get("preAuthSessionId")!,
      linkCode: url.hash.slice(1),
      tenantId,
    });
    expect(consumed.status).toBe("OK");
  });
});

describe("signInUp", () => {
  it("creates the user once and then signs the same user in", async () => {
    const first = await Passwordless.signInUp({ phoneNumber: "+36203334444", tenantId });
    expect(first.createdNewRecipeUser).toBe(true);
    const again = await Passwordless.signInUp({ phoneNumber: "+36203334444", tenantId });
    expect(again.createdNewRecipeUser).toBe(false);
    expect(again.user.id).toBe(first.user.id);
  });
});

describe("updateUser", () => {
  it("changes the email, and refuses one another user has", async () => {
    const a = await Passwordless.signInUp({ email: "upd-a@example.com", tenantId });
    await Passwordless.signInUp({ email: "upd-b@example.com", tenantId });
    expect(
      await Passwordless.updateUser({ recipeUserId: a.recipeUserId, email: "upd-c@example.com" }),
    ).toEqual({ status: "OK" });
    expect((await getUser(a.user.id))?.emails).toEqual(["upd-c@example.com"]);
    expect(
      (await Passwordless.updateUser({ recipeUserId: a.recipeUserId, email: "upd-b@example.com" })).status,
    ).toBe("EMAIL_ALREADY_EXISTS_ERROR");
    expect(
      (await Passwordless.updateUser({ recipeUserId: new RecipeUserId("nobody"), email: "x@y.zz" })).status,
    ).toBe("UNKNOWN_USER_ID_ERROR");
  });
});

describe("sendEmail / sendSms", () => {
  it("send through the configured services", async () => {
    const input = {
      type: "PASSWORDLESS_LOGIN" as const,
      isFirstFactor: true,
      userInputCode: "424242",
      codeLifetime: 60_000,
      preAuthSessionId: "p",
      tenantId,
    };
    await Passwordless.sendEmail({ ...input, email: "send@example.com" });
    expect((await app.mail.waitForMessage("send@example.com")).text).toContain("424242");
    await Passwordless.sendSms({ ...input, phoneNumber: "+36205556666" });
    expect((await app.sms.waitForSms("+36205556666")).form.Body).toContain("424242");
  });
});
