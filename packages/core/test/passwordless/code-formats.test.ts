/**
 * Passwordless code formats (docs/protocol/cdi.md §5 "Passwordless codes") and what reaches the
 * database: only hashes, never the deviceId, userInputCode or linkCode.
 */
import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { readTable, startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("passwordless code formats (%s)", (engine) => {
  let t: PasswordlessTestCore;
  let code: any;
  beforeAll(async () => {
    t = await startPasswordlessCore(engine);
    code = await t.client.createCode({ email: "formats@example.com" });
  });
  afterAll(() => t?.close());

  it("makes deviceId the padded standard base64 of 32 bytes", () => {
    expect(code.deviceId).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(code.deviceId, "base64")).toHaveLength(32);
  });

  it("makes preAuthSessionId base64url-nopad(sha256(deviceId bytes))", () => {
    const expected = createHash("sha256").update(Buffer.from(code.deviceId, "base64")).digest("base64url");
    expect(code.preAuthSessionId).toBe(expected);
    expect(code.preAuthSessionId).not.toContain("=");
  });

  it("derives linkCode as HMAC-SHA256(deviceId bytes ‖ salt, userInputCode), base64url-nopad", async () => {
    const [device] = await readTable(t.core, "passwordless_devices");
    const key = Buffer.concat([
      Buffer.from(code.deviceId, "base64"),
      Buffer.from(String(device.link_code_salt), "base64"),
    ]);
    expect(Buffer.from(String(device.link_code_salt), "base64")).toHaveLength(32);
    expect(code.linkCode).toBe(createHmac("sha256", key).update(code.userInputCode).digest("base64url"));
  });

  it("stores link_code_hash = base64url-nopad(sha256(linkCode)) and the device under its hash", async () => {
    const [stored] = await readTable(t.core, "passwordless_codes");
    expect(stored.link_code_hash).toBe(createHash("sha256").update(code.linkCode).digest("base64url"));
    expect(stored.device_id_hash).toBe(code.preAuthSessionId);
    expect(stored.code_id).toBe(code.codeId);
  });

  it("never stores the deviceId, userInputCode or linkCode in the clear", async () => {
    const dump = JSON.stringify([
      await readTable(t.core, "passwordless_devices"),
      await readTable(t.core, "passwordless_codes"),
    ]);
    expect(dump).not.toContain(code.deviceId);
    expect(dump).not.toContain(code.deviceId.replace(/=+$/, ""));
    expect(dump).not.toContain(code.linkCode);
    expect(dump).not.toContain(`"${code.userInputCode}"`);
  });

  it("makes a 6-digit userInputCode by default", async () => {
    const codes = await Promise.all(
      [1, 2, 3].map(() => t.client.createCode({ email: "digits@example.com" })),
    );
    for (const c of codes) expect(c.userInputCode).toMatch(/^\d{6}$/);
  });
});
