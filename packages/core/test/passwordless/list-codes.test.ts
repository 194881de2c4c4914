/** GET /<t>/recipe/signinup/codes (docs/protocol/cdi.md §3 "Passwordless"): the SDK's first call of every consume and resend. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("GET /<t>/recipe/signinup/codes (%s)", (engine) => {
  let t: PasswordlessTestCore;
  let a: any;
  let b: any;
  beforeAll(async () => {
    t = await startPasswordlessCore(engine);
    a = await t.client.createCode({ email: "list@example.com" });
    b = await t.client.createCode({ email: "list@example.com" });
  });
  afterAll(() => t?.close());

  const list = (query: Record<string, string>) => t.client.get("/public/recipe/signinup/codes", query);

  it("lists one device by preAuthSessionId with the exact shape", async () => {
    const reply = await list({ preAuthSessionId: a.preAuthSessionId });
    expect(reply.body).toEqual({
      status: "OK",
      devices: [
        {
          preAuthSessionId: a.preAuthSessionId,
          failedCodeInputAttemptCount: 0,
          email: "list@example.com",
          codes: [{ codeId: a.codeId, timeCreated: a.timeCreated, codeLifetime: a.codeLifetime }],
        },
      ],
    });
  });

  it("lists one device by deviceId", async () => {
    const reply = await list({ deviceId: b.deviceId });
    expect(reply.body.devices.map((d: any) => d.preAuthSessionId)).toEqual([b.preAuthSessionId]);
  });

  it("lists every device of an email, normalising it", async () => {
    const reply = await list({ email: " LIST@example.com" });
    expect(reply.body.devices.map((d: any) => d.preAuthSessionId).sort()).toEqual(
      [a.preAuthSessionId, b.preAuthSessionId].sort(),
    );
  });

  it("lists devices of a phone number", async () => {
    const c = await t.client.createCode({ phoneNumber: "+14155550199" });
    const reply = await list({ phoneNumber: "+1 415 555 0199" });
    expect(reply.body.devices).toEqual([
      expect.objectContaining({ preAuthSessionId: c.preAuthSessionId, phoneNumber: "+14155550199" }),
    ]);
  });

  it("answers an empty list for unknown or malformed ids (the SDK then restarts the flow)", async () => {
    expect((await list({ preAuthSessionId: "unknown" })).body).toEqual({ status: "OK", devices: [] });
    expect((await list({ deviceId: "not-a-device-id" })).body).toEqual({ status: "OK", devices: [] });
  });

  it("ignores the tenantId parameter node adds", async () => {
    const reply = await list({ preAuthSessionId: a.preAuthSessionId, tenantId: "public" });
    expect(reply.body.devices).toHaveLength(1);
  });

  it.each([
    ["no parameter", {}],
    ["two parameters", { email: "list@example.com", preAuthSessionId: "x" }],
  ])("rejects %s with 400", async (_name, query) => {
    expect((await list(query)).status).toBe(400);
  });
});
