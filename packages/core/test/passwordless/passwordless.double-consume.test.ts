/**
 * Attack / race: one code consumed twice at the same moment (a replayed magic link, a double
 * click), and two first sign-ins for one email at once. Exactly one success and one user.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { readTable, startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("passwordless double consume (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => (t = await startPasswordlessCore(engine)));
  afterAll(() => t?.close());

  const usersWithEmail = async (email: string) =>
    (await readTable(t.core, "passwordless_users")).filter((row) => row.email === email);

  it("lets one of two simultaneous consumes of a code succeed; the other restarts the flow", async () => {
    const code = await t.client.createCode({ email: "race@example.com" });
    const body = {
      preAuthSessionId: code.preAuthSessionId,
      deviceId: code.deviceId,
      userInputCode: code.userInputCode,
    };
    const replies = await Promise.all([t.client.consume(body), t.client.consume(body)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies.map((r) => r.body.status).sort()).toEqual(["OK", "RESTART_FLOW_ERROR"]);
    expect(await usersWithEmail("race@example.com")).toHaveLength(1);
  });

  it("lets one of many simultaneous link-code consumes succeed", async () => {
    const code = await t.client.createCode({ email: "racelink@example.com" });
    const body = { preAuthSessionId: code.preAuthSessionId, linkCode: code.linkCode };
    const replies = await Promise.all(Array.from({ length: 6 }, () => t.client.consume(body)));
    expect(replies.filter((r) => r.body.status === "OK")).toHaveLength(1);
    expect(replies.filter((r) => r.body.status === "RESTART_FLOW_ERROR")).toHaveLength(5);
  });

  it("creates one user when two devices of one new email are consumed at once", async () => {
    const a = await t.client.createCode({ email: "twodevices@example.com" });
    const b = await t.client.createCode({ email: "twodevices@example.com" });
    const replies = await Promise.all(
      [a, b].map((c) =>
        t.client.consume({
          preAuthSessionId: c.preAuthSessionId,
          deviceId: c.deviceId,
          userInputCode: c.userInputCode,
        }),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const ok = replies.filter((r) => r.body.status === "OK");
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.body.user.id)).size).toBe(1);
    expect(ok.filter((r) => r.body.createdNewUser)).toHaveLength(1);
    expect(await usersWithEmail("twodevices@example.com")).toHaveLength(1);
  });

  it("creates one user per email under a burst of first sign-ins", async () => {
    const codes = await Promise.all(
      Array.from({ length: 5 }, () => t.client.createCode({ email: "burst@example.com" })),
    );
    const replies = await Promise.all(
      codes.map((c) =>
        t.client.consume({
          preAuthSessionId: c.preAuthSessionId,
          deviceId: c.deviceId,
          userInputCode: c.userInputCode,
        }),
      ),
    );
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect(await usersWithEmail("burst@example.com")).toHaveLength(1);
  });
});
