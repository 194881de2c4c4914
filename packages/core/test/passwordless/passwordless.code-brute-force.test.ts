/**
 * Attack: guessing a 6-digit userInputCode. Each wrong guess counts against the device
 * (docs/protocol/cdi.md §5); the guess that reaches passwordless_max_code_input_attempts deletes it, so
 * even the right code then restarts the flow. Parallel guesses must all count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

const MAX = 3;

describe.each(testEngines())("passwordless code brute force (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(
    async () =>
      (t = await startPasswordlessCore(engine, { config: { passwordless_max_code_input_attempts: MAX } })),
  );
  afterAll(() => t?.close());

  const guess = (code: any, userInputCode: string) =>
    t.client.consume({ preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode });

  it("counts each wrong guess; the one reaching the maximum restarts the flow, even for the right code after", async () => {
    const code = await t.client.createCode({ email: "victim@example.com", userInputCode: "424242" });
    const answers = [];
    for (let i = 0; i < MAX; i++) answers.push((await guess(code, `00000${i}`)).body);
    expect(answers).toEqual([
      ...[1, 2].map((n) => ({
        status: "INCORRECT_USER_INPUT_CODE_ERROR",
        failedCodeInputAttemptCount: n,
        maximumCodeInputAttempts: MAX,
      })),
      // docs/protocol/cdi.md §5: reaching the maximum deletes the device and returns RESTART_FLOW_ERROR.
      { status: "RESTART_FLOW_ERROR" },
    ]);
    expect((await guess(code, "424242")).body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("deletes the device (and its codes) when the maximum is reached", async () => {
    const code = await t.client.createCode({ email: "deleted@example.com" });
    for (let i = 0; i < MAX; i++) await guess(code, "x");
    const list = await t.client.get("/public/recipe/signinup/codes", {
      preAuthSessionId: code.preAuthSessionId,
    });
    expect(list.body.devices).toEqual([]);
  });

  it("reports failedCodeInputAttemptCount in the codes list", async () => {
    const code = await t.client.createCode({ email: "listed@example.com" });
    await guess(code, "x");
    const list = await t.client.get("/public/recipe/signinup/codes", {
      preAuthSessionId: code.preAuthSessionId,
    });
    expect(list.body.devices[0].failedCodeInputAttemptCount).toBe(1);
  });

  it("counts parallel wrong guesses: no more than the maximum are ever answered as incorrect", async () => {
    const code = await t.client.createCode({ email: "parallel@example.com", userInputCode: "999999" });
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => guess(code, `1${i}`)));
    const statuses = replies.map((r) => r.body.status);
    expect(statuses.filter((s) => s === "INCORRECT_USER_INPUT_CODE_ERROR").length).toBeLessThanOrEqual(MAX);
    expect(statuses.every((s) => s === "INCORRECT_USER_INPUT_CODE_ERROR" || s === "RESTART_FLOW_ERROR")).toBe(
      true,
    );
    expect((await guess(code, "999999")).body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("counts wrong guesses made through /code/check too", async () => {
    const code = await t.client.createCode({ email: "check@example.com", userInputCode: "777777" });
    for (let i = 0; i < MAX; i++)
      await t.client.post("/public/recipe/signinup/code/check", {
        preAuthSessionId: code.preAuthSessionId,
        deviceId: code.deviceId,
        userInputCode: "000000",
      });
    expect((await guess(code, "777777")).body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("resets nothing on resend: the new code shares the device's attempt count", async () => {
    const code = await t.client.createCode({ email: "resend@example.com" });
    for (let i = 0; i < MAX - 1; i++) await guess(code, "x");
    const resent = await t.client.createCode({ deviceId: code.deviceId });
    // The resent code's first wrong guess is the device's MAX-th: the flow restarts.
    expect((await guess(resent, "y")).body).toEqual({ status: "RESTART_FLOW_ERROR" });
    expect((await guess(resent, resent.userInputCode)).body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });
});
