/** POST /<t>/recipe/signinup/code/remove and /codes/remove (docs/protocol/cdi.md §3 "Passwordless"). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("POST /<t>/recipe/signinup/code/remove (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => (t = await startPasswordlessCore(engine)));
  afterAll(() => t?.close());

  const devices = async (query: Record<string, string>) =>
    (await t.client.get("/public/recipe/signinup/codes", query)).body.devices;

  it("removes one code by codeId and keeps the device's other codes", async () => {
    const first = await t.client.createCode({ email: "one@example.com" });
    const second = await t.client.createCode({ deviceId: first.deviceId });
    expect(
      (await t.client.post("/public/recipe/signinup/code/remove", { codeId: first.codeId })).body,
    ).toEqual({ status: "OK" });
    const [device] = await devices({ preAuthSessionId: first.preAuthSessionId });
    expect(device.codes.map((c: any) => c.codeId)).toEqual([second.codeId]);
    const consumed = await t.client.consume({
      preAuthSessionId: first.preAuthSessionId,
      linkCode: first.linkCode,
    });
    expect(consumed.body.status).toBe("RESTART_FLOW_ERROR");
  });

  it("removes the device with its last code", async () => {
    const code = await t.client.createCode({ email: "last@example.com" });
    await t.client.post("/public/recipe/signinup/code/remove", { codeId: code.codeId });
    expect(await devices({ preAuthSessionId: code.preAuthSessionId })).toEqual([]);
  });

  it("removes a whole device by preAuthSessionId", async () => {
    const code = await t.client.createCode({ email: "device@example.com" });
    await t.client.post("/public/recipe/signinup/code/remove", { preAuthSessionId: code.preAuthSessionId });
    expect(await devices({ preAuthSessionId: code.preAuthSessionId })).toEqual([]);
  });

  it("answers OK for an unknown code", async () => {
    expect((await t.client.post("/public/recipe/signinup/code/remove", { codeId: "nope" })).body).toEqual({
      status: "OK",
    });
  });

  it("rejects both or neither of codeId and preAuthSessionId with 400", async () => {
    expect((await t.client.post("/public/recipe/signinup/code/remove", {})).status).toBe(400);
    expect(
      (await t.client.post("/public/recipe/signinup/code/remove", { codeId: "a", preAuthSessionId: "b" }))
        .status,
    ).toBe(400);
  });
});

describe.each(testEngines())("POST /<t>/recipe/signinup/codes/remove (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => (t = await startPasswordlessCore(engine)));
  afterAll(() => t?.close());

  it("removes every device of an email, and only those", async () => {
    await t.client.createCode({ email: "all@example.com" });
    await t.client.createCode({ email: "all@example.com" });
    const other = await t.client.createCode({ email: "keep@example.com" });
    expect(
      (await t.client.post("/public/recipe/signinup/codes/remove", { email: "ALL@example.com" })).body,
    ).toEqual({ status: "OK" });
    expect(
      (await t.client.get("/public/recipe/signinup/codes", { email: "all@example.com" })).body.devices,
    ).toEqual([]);
    expect(
      (await t.client.get("/public/recipe/signinup/codes", { preAuthSessionId: other.preAuthSessionId })).body
        .devices,
    ).toHaveLength(1);
  });

  it("removes every device of a phone number", async () => {
    await t.client.createCode({ phoneNumber: "+14155550177" });
    await t.client.post("/public/recipe/signinup/codes/remove", { phoneNumber: "+1 415 555 0177" });
    expect(
      (await t.client.get("/public/recipe/signinup/codes", { phoneNumber: "+14155550177" })).body.devices,
    ).toEqual([]);
  });

  it("rejects both or neither of email and phoneNumber with 400", async () => {
    expect((await t.client.post("/public/recipe/signinup/codes/remove", {})).status).toBe(400);
    expect(
      (
        await t.client.post("/public/recipe/signinup/codes/remove", {
          email: "a@example.com",
          phoneNumber: "+14155550177",
        })
      ).status,
    ).toBe(400);
  });
});
