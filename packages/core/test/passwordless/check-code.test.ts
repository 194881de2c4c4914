/** POST /<t>/recipe/signinup/code/check (docs/protocol/cdi.md §3): verifies a code without consuming it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("POST /<t>/recipe/signinup/code/check (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => (t = await startPasswordlessCore(engine)));
  afterAll(() => t?.close());

  const check = (body: Record<string, unknown>) => t.client.post("/public/recipe/signinup/code/check", body);

  it("answers OK with the device and deletes nothing", async () => {
    const code = await t.client.createCode({ email: "check@example.com" });
    const body = {
      preAuthSessionId: code.preAuthSessionId,
      deviceId: code.deviceId,
      userInputCode: code.userInputCode,
    };
    const reply = await check(body);
    expect(reply.body).toEqual({
      status: "OK",
      consumedDevice: {
        preAuthSessionId: code.preAuthSessionId,
        failedCodeInputAttemptCount: 0,
        email: "check@example.com",
      },
    });
    expect((await t.client.consume(body)).body.status).toBe("OK");
  });

  it("accepts a linkCode", async () => {
    const code = await t.client.createCode({ phoneNumber: "+14155550111" });
    const reply = await check({ preAuthSessionId: code.preAuthSessionId, linkCode: code.linkCode });
    expect(reply.body.consumedDevice).toEqual({
      preAuthSessionId: code.preAuthSessionId,
      failedCodeInputAttemptCount: 0,
      phoneNumber: "+14155550111",
    });
  });

  it("creates no user", async () => {
    const code = await t.client.createCode({ email: "nouser@example.com" });
    await check({ preAuthSessionId: code.preAuthSessionId, linkCode: code.linkCode });
    const found = await t.client.get("/public/users/by-accountinfo", {
      email: "nouser@example.com",
      doUnionOfAccountInfo: "true",
    });
    expect(found.body.users).toEqual([]);
  });

  it("answers INCORRECT_USER_INPUT_CODE_ERROR for a wrong code", async () => {
    const code = await t.client.createCode({ email: "checkwrong@example.com", userInputCode: "1" });
    const reply = await check({
      preAuthSessionId: code.preAuthSessionId,
      deviceId: code.deviceId,
      userInputCode: "2",
    });
    expect(reply.body).toEqual({
      status: "INCORRECT_USER_INPUT_CODE_ERROR",
      failedCodeInputAttemptCount: 1,
      maximumCodeInputAttempts: 5,
    });
  });

  it("answers RESTART_FLOW_ERROR for an unknown device", async () => {
    const code = await t.client.createCode({ email: "checkgone@example.com" });
    await t.client.post("/public/recipe/signinup/code/remove", { preAuthSessionId: code.preAuthSessionId });
    const reply = await check({
      preAuthSessionId: code.preAuthSessionId,
      deviceId: code.deviceId,
      userInputCode: code.userInputCode,
    });
    expect(reply.body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("rejects a body with neither linkCode nor deviceId with 400", async () => {
    expect((await check({ preAuthSessionId: "x" })).status).toBe(400);
  });
});
