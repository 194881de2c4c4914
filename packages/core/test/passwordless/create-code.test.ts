/** POST /<t>/recipe/signinup/code (docs/protocol/cdi.md §3 "Passwordless"): new devices, resend, custom codes, bad input. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("POST /<t>/recipe/signinup/code (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => (t = await startPasswordlessCore(engine)));
  afterAll(() => t?.close());

  it("answers the full OK shape for an email", async () => {
    const reply = await t.client.post("/public/recipe/signinup/code", { email: "shape@example.com" });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual(
      [
        "codeId",
        "codeLifetime",
        "deviceId",
        "linkCode",
        "preAuthSessionId",
        "status",
        "timeCreated",
        "userInputCode",
      ].sort(),
    );
    expect(reply.body.status).toBe("OK");
    expect(reply.body.codeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.body.userInputCode).toMatch(/^\d{6}$/);
    expect(reply.body.codeLifetime).toBe(900000);
    expect(typeof reply.body.timeCreated).toBe("number");
  });

  it("normalises the email of the device", async () => {
    const code = await t.client.createCode({ email: "  Mixed.Case@Example.COM " });
    const list = await t.client.get("/public/recipe/signinup/codes", {
      preAuthSessionId: code.preAuthSessionId,
    });
    expect(list.body.devices[0].email).toBe("mixed.case@example.com");
  });

  it("stores a phone number in E.164", async () => {
    const code = await t.client.createCode({ phoneNumber: "+1 (415) 555-2671" });
    const list = await t.client.get("/public/recipe/signinup/codes", {
      preAuthSessionId: code.preAuthSessionId,
    });
    expect(list.body.devices[0]).toMatchObject({ phoneNumber: "+14155552671" });
    expect(list.body.devices[0].email).toBeUndefined();
  });

  it("uses a given userInputCode", async () => {
    const code = await t.client.createCode({ email: "custom@example.com", userInputCode: "abc-123" });
    expect(code.userInputCode).toBe("abc-123");
  });

  it("adds a second code to the same device on resend with deviceId", async () => {
    const first = await t.client.createCode({ email: "resend@example.com" });
    const second = await t.client.createCode({ deviceId: first.deviceId });
    expect(second.preAuthSessionId).toBe(first.preAuthSessionId);
    expect(second.deviceId).toBe(first.deviceId);
    expect(second.codeId).not.toBe(first.codeId);
    const list = await t.client.get("/public/recipe/signinup/codes", { deviceId: first.deviceId });
    expect(list.body.devices[0].codes.map((c: { codeId: string }) => c.codeId).sort()).toEqual(
      [first.codeId, second.codeId].sort(),
    );
  });

  it("answers USER_INPUT_CODE_ALREADY_USED_ERROR when a resend repeats a custom code of the device", async () => {
    const first = await t.client.createCode({ email: "reuse@example.com", userInputCode: "111111" });
    const again = await t.client.post("/public/recipe/signinup/code", {
      deviceId: first.deviceId,
      userInputCode: "111111",
    });
    expect(again.body).toEqual({ status: "USER_INPUT_CODE_ALREADY_USED_ERROR" });
  });

  it("answers RESTART_FLOW_ERROR on resend for a device that does not exist", async () => {
    const unknown = Buffer.alloc(32, 7).toString("base64");
    const reply = await t.client.post("/public/recipe/signinup/code", { deviceId: unknown });
    expect(reply.body).toEqual({ status: "RESTART_FLOW_ERROR" });
  });

  it("ignores unknown fields (node sends shouldTryLinkingWithSessionUser)", async () => {
    const reply = await t.client.post("/public/recipe/signinup/code", {
      email: "extra@example.com",
      shouldTryLinkingWithSessionUser: false,
    });
    expect(reply.body.status).toBe("OK");
  });

  it.each([
    ["both email and phoneNumber", { email: "a@example.com", phoneNumber: "+14155552671" }],
    ["neither email, phoneNumber nor deviceId", {}],
    ["an email that is not a string", { email: 42 }],
    ["an empty email", { email: "   " }],
    ["a userInputCode that is not a string", { email: "a@example.com", userInputCode: 123456 }],
  ])("rejects %s with 400 and creates nothing", async (_name, body) => {
    const reply = await t.client.post("/public/recipe/signinup/code", body);
    expect(reply.status).toBe(400);
    const list = await t.client.get("/public/recipe/signinup/codes", { email: "a@example.com" });
    expect(list.body.devices).toEqual([]);
  });

  it("answers 400 for an unknown tenant", async () => {
    const reply = await t.client.post("/nosuchtenant/recipe/signinup/code", { email: "a@example.com" });
    expect(reply.status).toBe(400);
  });
});
