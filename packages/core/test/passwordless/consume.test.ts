/** POST /<t>/recipe/signinup/code/consume (docs/protocol/cdi.md §3 "Passwordless"). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import {
  readTable,
  startPasswordlessCore,
  TestClock,
  type PasswordlessTestCore,
} from "../support/passwordless";

const LIFETIME = 60_000;

describe.each(testEngines())("POST /<t>/recipe/signinup/code/consume (%s)", (engine) => {
  let t: PasswordlessTestCore;
  const clock = new TestClock();
  beforeAll(
    async () =>
      (t = await startPasswordlessCore(engine, {
        now: clock.now,
        config: { passwordless_code_lifetime: LIFETIME },
      })),
  );
  afterAll(() => t?.close());

  const withInput = (code: any, userInputCode = code.userInputCode) => ({
    preAuthSessionId: code.preAuthSessionId,
    deviceId: code.deviceId,
    userInputCode,
  });

  it("signs up a new email user with the exact OK shape", async () => {
    const code = await t.client.createCode({ email: "New@Example.com" });
    const reply = await t.client.consume(withInput(code));
    expect(reply.status).toBe(200);
    const { user, recipeUserId } = reply.body;
    expect(reply.body).toEqual({
      status: "OK",
      createdNewUser: true,
      recipeUserId,
      consumedDevice: {
        preAuthSessionId: code.preAuthSessionId,
        failedCodeInputAttemptCount: 0,
        email: "new@example.com",
      },
      user: {
        id: recipeUserId,
        isPrimaryUser: false,
        tenantIds: ["public"],
        timeJoined: clock.time,
        emails: ["new@example.com"],
        phoneNumbers: [],
        thirdParty: [],
        webauthn: { credentialIds: [] },
        loginMethods: [
          {
            tenantIds: ["public"],
            recipeUserId,
            verified: true,
            timeJoined: clock.time,
            recipeId: "passwordless",
            email: "new@example.com",
          },
        ],
      },
    });
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("signs in the existing user on a later code (createdNewUser false, same id)", async () => {
    const first = await t.client.signInUp({ email: "again@example.com" });
    const second = await t.client.signInUp({ email: "AGAIN@example.com" });
    expect(second.createdNewUser).toBe(false);
    expect(second.user.id).toBe(first.user.id);
  });

  it("signs up a phone user whose login method is verified without an email", async () => {
    const result = await t.client.signInUp({ phoneNumber: "+44 20 7946 0958" });
    expect(result.user.phoneNumbers).toEqual(["+442079460958"]);
    expect(result.user.emails).toEqual([]);
    expect(result.user.loginMethods[0]).toMatchObject({ verified: true, phoneNumber: "+442079460958" });
    expect(result.user.loginMethods[0].email).toBeUndefined();
  });

  it("marks the email verified in emailverification_verified_emails", async () => {
    const result = await t.client.signInUp({ email: "verified@example.com" });
    const rows = await readTable(t.core, "emailverification_verified_emails");
    expect(rows).toContainEqual(
      expect.objectContaining({ user_id: result.user.id, email: "verified@example.com" }),
    );
  });

  it("accepts the linkCode instead of deviceId + userInputCode", async () => {
    const code = await t.client.createCode({ email: "link@example.com" });
    const reply = await t.client.consume({
      preAuthSessionId: code.preAuthSessionId,
      linkCode: code.linkCode,
    });
    expect(reply.body.status).toBe("OK");
    expect(reply.body.user.emails).toEqual(["link@example.com"]);
  });

  it("deletes every device of the email on success", async () => {
    const a = await t.client.createCode({ email: "alldevices@example.com" });
    await t.client.createCode({ email: "alldevices@example.com" });
    await t.client.consume(withInput(a));
    const list = await t.client.get("/public/recipe/signinup/codes", { email: "alldevices@example.com" });
    expect(list.body.devices).toEqual([]);
  });

  it("answers RESTART_FLOW_ERROR for a code already consumed", async () => {
    const code = await t.client.createCode({ email: "twice@example.com" });
    expect((await t.client.consume(withInput(code))).body.status).toBe("OK");
    expect((await t.client.consume(withInput(code))).body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("answers INCORRECT_USER_INPUT_CODE_ERROR with the counts for a wrong code, and keeps the device", async () => {
    const code = await t.client.createCode({ email: "wrong@example.com", userInputCode: "123456" });
    const reply = await t.client.consume(withInput(code, "654321"));
    expect(reply.body).toEqual({
      status: "INCORRECT_USER_INPUT_CODE_ERROR",
      failedCodeInputAttemptCount: 1,
      maximumCodeInputAttempts: 5,
    });
    expect((await t.client.consume(withInput(code))).body.status).toBe("OK");
  });

  it("answers EXPIRED_USER_INPUT_CODE_ERROR once the lifetime has passed, counting the attempt", async () => {
    const code = await t.client.createCode({ email: "expired@example.com" });
    clock.advance(LIFETIME + 1);
    const reply = await t.client.consume(withInput(code));
    expect(reply.body).toEqual({
      status: "EXPIRED_USER_INPUT_CODE_ERROR",
      failedCodeInputAttemptCount: 1,
      maximumCodeInputAttempts: 5,
    });
  });

  it("accepts a code at exactly the end of its lifetime", async () => {
    const code = await t.client.createCode({ email: "edge@example.com" });
    clock.advance(LIFETIME);
    expect((await t.client.consume(withInput(code))).body.status).toBe("OK");
  });

  it("answers RESTART_FLOW_ERROR for an expired linkCode", async () => {
    const code = await t.client.createCode({ email: "expiredlink@example.com" });
    clock.advance(LIFETIME + 1);
    const reply = await t.client.consume({
      preAuthSessionId: code.preAuthSessionId,
      linkCode: code.linkCode,
    });
    expect(reply.body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("answers RESTART_FLOW_ERROR for an unknown linkCode or one of another device", async () => {
    const a = await t.client.createCode({ email: "linka@example.com" });
    const b = await t.client.createCode({ email: "linkb@example.com" });
    expect(
      (await t.client.consume({ preAuthSessionId: a.preAuthSessionId, linkCode: "nope" })).body.status,
    ).toBe("RESTART_FLOW_ERROR");
    expect(
      (await t.client.consume({ preAuthSessionId: a.preAuthSessionId, linkCode: b.linkCode })).body.status,
    ).toBe("RESTART_FLOW_ERROR");
  });

  it("answers 400 when deviceId does not hash to preAuthSessionId", async () => {
    const a = await t.client.createCode({ email: "mismatch@example.com" });
    const b = await t.client.createCode({ email: "mismatch2@example.com" });
    const reply = await t.client.consume({
      preAuthSessionId: a.preAuthSessionId,
      deviceId: b.deviceId,
      userInputCode: a.userInputCode,
    });
    expect(reply.status).toBe(400);
  });

  it.each([
    ["neither linkCode nor deviceId", { preAuthSessionId: "x" }],
    [
      "both linkCode and deviceId",
      { preAuthSessionId: "x", linkCode: "l", deviceId: "d", userInputCode: "1" },
    ],
    [
      "deviceId without userInputCode",
      { preAuthSessionId: "x", deviceId: Buffer.alloc(32).toString("base64") },
    ],
    ["no preAuthSessionId", { linkCode: "l" }],
    [
      "a deviceId that is not base64 of 32 bytes",
      { preAuthSessionId: "x", deviceId: "short", userInputCode: "1" },
    ],
    [
      "a number as userInputCode",
      { preAuthSessionId: "x", deviceId: Buffer.alloc(32).toString("base64"), userInputCode: 1 },
    ],
  ])("rejects %s with 400", async (_name, body) => {
    expect((await t.client.consume(body)).status).toBe(400);
  });
});
