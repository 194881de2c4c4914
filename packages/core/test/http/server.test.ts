/** The node:http server's lifecycle: ports, content types, graceful close. */
import { afterAll, describe, expect, it, vi } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { call } from "./support/cdi";
import { createTestRoutes } from "./support/test-routes";
import { readTable, TestClock } from "../support/passwordless";
import { sessionRecord } from "../support/records";

describe("startCoreServer", () => {
  const started: TestCore[] = [];
  afterAll(() => Promise.all(started.map((core) => core.close())));

  it("listens on a free port when asked for port 0, and reports its URL", async () => {
    const a = await startTestCore({ engine: "sqlite" });
    const b = await startTestCore({ engine: "sqlite" });
    started.push(a, b);
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.url).not.toBe(b.url);
    expect((await call(a.url + "/hello")).text).toBe("Hello");
  });
});

describe("close()", () => {
  it("finishes an in-flight request, then stops accepting connections", async () => {
    const testRoutes = createTestRoutes();
    const core = await startTestCore({ engine: "sqlite", routes: testRoutes.routes });
    const inFlight = call(core.url + "/test/slow");
    await testRoutes.slowStarted;

    let closeDone = false;
    const closing = core.close().then(() => (closeDone = true));
    // Closing waits for the request…
    await new Promise((resolve) => setImmediate(resolve));
    expect(closeDone).toBe(false);
    testRoutes.releaseSlow();

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: "OK", slow: true });
    await closing;
    // …and afterwards nothing listens any more.
    await expect(fetch(core.url + "/hello")).rejects.toThrow();
  });

  it("can be called twice", async () => {
    const core = await startTestCore({ engine: "sqlite" });
    await Promise.all([core.close(), core.close()]);
    await core.close();
  });
});

describe("createCore: expired session cleanup", () => {
  it("deletes expired sessions periodically and keeps live ones", async () => {
    const core = await startTestCore({ engine: "sqlite", cleanupIntervalMs: 20 });
    try {
      const { storage, now } = core.core.services;
      const session = (sessionHandle: string, expiresAt: number) =>
        sessionRecord({ sessionHandle, userId: "user-1", expiresAt, createdAt: now() - 1000 });
      await storage.sessions.create(session("expired-handle", now() - 1));
      await storage.sessions.create(session("live-handle", now() + 3_600_000));
      await vi.waitFor(
        async () => expect(await storage.sessions.get("public", "public", "expired-handle")).toBeUndefined(),
        {
          timeout: 10_000,
          interval: 20,
        },
      );
      expect(await storage.sessions.get("public", "public", "live-handle")).toBeDefined();
    } finally {
      await core.close();
    }
  });
});

describe("createCore: expired passwordless code cleanup", () => {
  it("deletes codes older than passwordless_code_lifetime and keeps fresh ones", async () => {
    const clock = new TestClock();
    const core = await startTestCore({
      engine: "sqlite",
      cleanupIntervalMs: 20,
      now: clock.now,
      config: { passwordless_code_lifetime: 60_000 },
    });
    try {
      const createCode = async (email: string) =>
        (
          await call(core.url + "/public/recipe/signinup/code", {
            method: "POST",
            headers: { "cdi-version": "5.4", rid: "passwordless" },
            body: { email },
          })
        ).json as { codeId: string };
      const old = await createCode("old@example.com");
      clock.advance(61_000);
      const fresh = await createCode("fresh@example.com");
      await vi.waitFor(
        async () => {
          const ids = (await readTable(core, "passwordless_codes")).map((row) => row.code_id);
          expect(ids).not.toContain(old.codeId);
        },
        { timeout: 10_000, interval: 20 },
      );
      const ids = (await readTable(core, "passwordless_codes")).map((row) => row.code_id);
      expect(ids).toContain(fresh.codeId);
    } finally {
      await core.close();
    }
  });
});
