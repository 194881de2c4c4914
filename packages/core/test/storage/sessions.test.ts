import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SESSION_BATCH } from "../../src/storage/sql/sessions";
import type { SessionRecord, Storage } from "../../src/storage/types";
import { createTestStorage, openTestStorage, testEngines, type TestStorage } from "../support/databases";
import { DAY, NOW, sessionRecord as session } from "../support/records";

/**
 * Calls made in one turn reached PostgreSQL batched: one statement per batch, and at most
 * SESSION_BATCH.maxInFlight batches start in one turn. At least one, so a spy that saw nothing
 * cannot pass.
 */
function expectFewStatements(statements: number) {
  expect(statements).toBeGreaterThanOrEqual(1);
  expect(statements).toBeLessThanOrEqual(SESSION_BATCH.maxInFlight);
}

describe.each(testEngines())("sessions store on %s", (engine) => {
  let test: TestStorage;
  let storage: Storage;

  /** The stored session now holds `newHash2` as current and the record's hash as previous. */
  async function expectPromotedTo(record: SessionRecord, newHash2: string) {
    const stored = await storage.sessions.get("public", "public", record.sessionHandle);
    expect(stored?.refreshTokenHash2).toBe(newHash2);
    expect(stored?.prevRefreshTokenHash2).toBe(record.refreshTokenHash2);
  }
  beforeAll(async () => {
    test = await createTestStorage(engine);
    storage = test.storage;
    await storage.tenants.create("public", "t1", NOW);
    await storage.tenants.create("public", "t2", NOW);
    await storage.tenants.create("app2", "public", NOW);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  describe("create / get", () => {
    it("round-trips every field, JSON and booleans included", async () => {
      const record = session({
        useStaticKey: true,
        prevRefreshTokenHash2: "p",
        refreshTokenRotatedAt: NOW + 5,
      });
      await storage.sessions.create(record);
      expect(await storage.sessions.get("public", "public", record.sessionHandle)).toEqual(record);
    });

    it("returns undefined for an unknown handle", async () => {
      expect(await storage.sessions.get("public", "public", randomUUID())).toBeUndefined();
    });

    it("scopes a handle to its tenant", async () => {
      const record = session({ tenantId: "t1" });
      await storage.sessions.create(record);
      expect(await storage.sessions.get("public", "t2", record.sessionHandle)).toBeUndefined();
      expect((await storage.sessions.get("public", "t1", record.sessionHandle))?.tenantId).toBe("t1");
    });

    it("rejects a duplicate handle through the primary key", async () => {
      const record = session();
      await storage.sessions.create(record);
      await expect(storage.sessions.create({ ...record, userId: "someone-else" })).rejects.toThrow();
      expect((await storage.sessions.get("public", "public", record.sessionHandle))?.userId).toBe(
        record.userId,
      );
    });

    it("rejects a session in a tenant that does not exist (foreign key)", async () => {
      await expect(storage.sessions.create(session({ tenantId: "no-such-tenant" }))).rejects.toThrow();
    });

    it("stores many sessions created together; a bad one fails alone, in few statements on PostgreSQL", async () => {
      const taken = session();
      await storage.sessions.create(taken);
      const good = Array.from({ length: 20 }, (_, i) =>
        session({ tenantId: i % 2 ? "t1" : "public", prevRefreshTokenHash2: i === 3 ? "prev" : null }),
      );
      const sent = vi.spyOn(pg.Client.prototype, "query");
      let outcomes: PromiseSettledResult<void>[];
      try {
        outcomes = await Promise.allSettled([
          ...good.map((record) => storage.sessions.create(record)),
          storage.sessions.create({ ...taken, userId: "someone-else" }),
          storage.sessions.create(session({ tenantId: "no-such-tenant" })),
        ]);
        if (engine === "postgresql") expectFewStatements(sent.mock.calls.length);
      } finally {
        sent.mockRestore();
      }
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        ...good.map(() => "fulfilled"),
        "rejected",
        "rejected",
      ]);
      for (const record of good)
        expect(await storage.sessions.get("public", record.tenantId, record.sessionHandle)).toEqual(record);
      expect((await storage.sessions.get("public", "public", taken.sessionHandle))?.userId).toBe(
        taken.userId,
      );
    });
  });

  describe("batched creates on PostgreSQL", () => {
    it.runIf(engine === "postgresql")(
      "a row PostgreSQL refuses (user id over VARCHAR(128)) fails alone; the rest of its batch is stored",
      async () => {
        const good = Array.from({ length: 5 }, () => session());
        const tooLong = session({ userId: "x".repeat(129) });
        const outcomes = await Promise.allSettled(
          [...good, tooLong].map((record) => storage.sessions.create(record)),
        );
        expect(outcomes.map((outcome) => outcome.status)).toEqual([
          ...good.map(() => "fulfilled"),
          "rejected",
        ]);
        expect(String((outcomes[5] as PromiseRejectedResult).reason)).toMatch(/too long/);
        for (const record of good)
          expect(await storage.sessions.get("public", "public", record.sessionHandle)).toEqual(record);
        expect(await storage.sessions.get("public", "public", tooLong.sessionHandle)).toBeUndefined();
      },
    );
  });

  describe("promoteRefreshToken", () => {
    it("replaces the hash when the expected one is current, keeping the old one as previous", async () => {
      const record = session();
      await storage.sessions.create(record);
      const promoted = await storage.sessions.promoteRefreshToken({
        appId: "public",
        tenantId: "public",
        sessionHandle: record.sessionHandle,
        expectedHash2: record.refreshTokenHash2,
        newHash2: "new-hash",
        rotatedAt: NOW + 1000,
        expiresAt: NOW + 200 * DAY,
      });
      expect(promoted).toBe(true);
      const stored = await storage.sessions.get("public", "public", record.sessionHandle);
      expect(stored).toMatchObject({
        refreshTokenHash2: "new-hash",
        prevRefreshTokenHash2: record.refreshTokenHash2,
        refreshTokenRotatedAt: NOW + 1000,
        expiresAt: NOW + 200 * DAY,
      });
    });

    it("changes nothing and returns false when the expected hash is stale", async () => {
      const record = session();
      await storage.sessions.create(record);
      const promoted = await storage.sessions.promoteRefreshToken({
        appId: "public",
        tenantId: "public",
        sessionHandle: record.sessionHandle,
        expectedHash2: "not-the-current-hash",
        newHash2: "new-hash",
        rotatedAt: NOW + 1000,
        expiresAt: NOW + 200 * DAY,
      });
      expect(promoted).toBe(false);
      expect(await storage.sessions.get("public", "public", record.sessionHandle)).toEqual(record);
    });

    it("lets exactly one of several concurrent promotions from the same hash win", async () => {
      const record = session();
      await storage.sessions.create(record);
      // A second storage = a second pool (PostgreSQL) or connection (SQLite), like another replica.
      const replica = openTestStorage(test.database);
      try {
        const attempts = Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? replica : storage).sessions.promoteRefreshToken({
            appId: "public",
            tenantId: "public",
            sessionHandle: record.sessionHandle,
            expectedHash2: record.refreshTokenHash2,
            newHash2: `child-${i}`,
            rotatedAt: NOW + i,
            expiresAt: NOW + 200 * DAY,
          }),
        );
        const results = await Promise.all(attempts);
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        await expectPromotedTo(record, `child-${winner}`);
      } finally {
        await replica.close();
      }
    });

    it("returns false for a session that does not exist", async () => {
      const promoted = await storage.sessions.promoteRefreshToken({
        appId: "public",
        tenantId: "public",
        sessionHandle: randomUUID(),
        expectedHash2: "x",
        newHash2: "y",
        rotatedAt: NOW,
        expiresAt: NOW,
      });
      expect(promoted).toBe(false);
    });
    it("gives each of many promotions made together its own answer, in few statements on PostgreSQL", async () => {
      const records = Array.from({ length: 12 }, () => session());
      for (const record of records) await storage.sessions.create(record);
      const promote = (record: SessionRecord, i: number, overrides: Record<string, unknown> = {}) =>
        storage.sessions.promoteRefreshToken({
          appId: "public",
          tenantId: "public",
          sessionHandle: record.sessionHandle,
          expectedHash2: record.refreshTokenHash2,
          newHash2: `promoted-${i}`,
          rotatedAt: NOW + i,
          expiresAt: NOW + 200 * DAY,
          ...overrides,
        });
      const sent = vi.spyOn(pg.Client.prototype, "query");
      let results: boolean[];
      try {
        results = await Promise.all([
          ...records.map((record, i) =>
            // Every third one presents a stale hash; one also names a kept `prev` (a re-point).
            i % 3 === 2
              ? promote(record, i, { expectedHash2: "stale" })
              : promote(record, i, i === 1 ? { prevHash2: "kept-prev" } : {}),
          ),
          promote(session(), 99),
        ]);
        if (engine === "postgresql") expectFewStatements(sent.mock.calls.length);
      } finally {
        sent.mockRestore();
      }
      expect(results).toEqual([...records.map((_, i) => i % 3 !== 2), false]);
      for (const [i, record] of records.entries()) {
        const stored = await storage.sessions.get("public", "public", record.sessionHandle);
        if (i % 3 === 2) {
          expect(stored).toEqual(record);
        } else {
          expect(stored).toEqual({
            ...record,
            refreshTokenHash2: `promoted-${i}`,
            prevRefreshTokenHash2: i === 1 ? "kept-prev" : record.refreshTokenHash2,
            refreshTokenRotatedAt: NOW + i,
            expiresAt: NOW + 200 * DAY,
          });
        }
      }
    });
  });

  describe("promoteChildOrGet", () => {
    function promoteChild(record: SessionRecord, overrides: Record<string, unknown> = {}) {
      return storage.sessions.promoteChildOrGet({
        appId: "public",
        tenantId: record.tenantId,
        sessionHandle: record.sessionHandle,
        userId: record.userId,
        parentHash2: record.refreshTokenHash2,
        newHash2: "child-hash",
        now: NOW + 1000,
        expiresAt: NOW + 200 * DAY,
        ...overrides,
      });
    }

    it("promotes the child of the current token and returns the row after the write", async () => {
      const record = session();
      await storage.sessions.create(record);
      const after = {
        ...record,
        refreshTokenHash2: "child-hash",
        prevRefreshTokenHash2: record.refreshTokenHash2,
        refreshTokenRotatedAt: NOW + 1000,
        expiresAt: NOW + 200 * DAY,
      };
      expect(await promoteChild(record)).toEqual({ promoted: true, record: after });
      expect(await storage.sessions.get("public", "public", record.sessionHandle)).toEqual(after);
    });

    it("returns the unchanged row when the parent is not the current token", async () => {
      const record = session();
      await storage.sessions.create(record);
      expect(await promoteChild(record, { parentHash2: "stale" })).toEqual({ promoted: false, record });
      expect(await storage.sessions.get("public", "public", record.sessionHandle)).toEqual(record);
    });

    it("does not promote for another user or an expired session, and still returns the row", async () => {
      const record = session();
      await storage.sessions.create(record);
      expect(await promoteChild(record, { userId: "someone-else" })).toEqual({ promoted: false, record });
      expect(await promoteChild(record, { now: record.expiresAt })).toEqual({ promoted: false, record });
      expect(await storage.sessions.get("public", "public", record.sessionHandle)).toEqual(record);
    });

    it("returns no row for an unknown handle or another tenant", async () => {
      const record = session({ tenantId: "t1" });
      await storage.sessions.create(record);
      expect(await promoteChild(session())).toEqual({ promoted: false, record: undefined });
      expect(await promoteChild({ ...record, tenantId: "t2" })).toEqual({
        promoted: false,
        record: undefined,
      });
    });

    it("lets exactly one of several concurrent promotions win; the others see a row", async () => {
      const record = session();
      await storage.sessions.create(record);
      const replica = openTestStorage(test.database);
      try {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            (i % 2 ? replica : storage).sessions.promoteChildOrGet({
              appId: "public",
              tenantId: "public",
              sessionHandle: record.sessionHandle,
              userId: record.userId,
              parentHash2: record.refreshTokenHash2,
              newHash2: `child-${i}`,
              now: NOW + i,
              expiresAt: NOW + 200 * DAY,
            }),
          ),
        );
        const winners = results.filter((result) => result.promoted);
        expect(winners).toHaveLength(1);
        const winner = results.indexOf(winners[0]);
        expect(winners[0].record?.refreshTokenHash2).toBe(`child-${winner}`);
        for (const result of results) expect(result.record?.sessionHandle).toBe(record.sessionHandle);
        await expectPromotedTo(record, `child-${winner}`);
      } finally {
        await replica.close();
      }
    });

    it("gives each of many calls made together the answer it would have had alone", async () => {
      const fresh = session();
      const stale = session();
      const otherUser = session();
      const expired = session({ expiresAt: NOW + 500 });
      const raced = session();
      const inTenant = session({ tenantId: "t1" });
      for (const record of [fresh, stale, otherUser, expired, raced, inTenant])
        await storage.sessions.create(record);
      const unknown = session();

      const [a, b, c, d, e, f, g, h] = await Promise.all([
        promoteChild(fresh, { newHash2: "fresh-child" }),
        promoteChild(stale, { parentHash2: "stale" }),
        promoteChild(otherUser, { userId: "someone-else" }),
        promoteChild(expired),
        promoteChild(unknown),
        promoteChild(raced, { newHash2: "first-tab" }),
        promoteChild(raced, { newHash2: "second-tab" }),
        promoteChild(inTenant, { newHash2: "tenant-child" }),
      ]);

      expect(a).toEqual({
        promoted: true,
        record: {
          ...fresh,
          refreshTokenHash2: "fresh-child",
          prevRefreshTokenHash2: fresh.refreshTokenHash2,
          refreshTokenRotatedAt: NOW + 1000,
          expiresAt: NOW + 200 * DAY,
        },
      });
      expect(b).toEqual({ promoted: false, record: stale });
      expect(c).toEqual({ promoted: false, record: otherUser });
      expect(d).toEqual({ promoted: false, record: expired });
      expect(e).toEqual({ promoted: false, record: undefined });
      // The two tabs: exactly one promotes; the other sees the row before or after that write
      // (it may run beside the winner's statement, as two separate requests would).
      const [winner, loser] = f.promoted ? [f, g] : [g, f];
      expect(winner.promoted).toBe(true);
      expect(loser.promoted).toBe(false);
      const winningHash = winner.record?.refreshTokenHash2;
      expect(["first-tab", "second-tab"]).toContain(winningHash);
      expect([raced.refreshTokenHash2, winningHash]).toContain(loser.record?.refreshTokenHash2);
      expect(loser.record?.sessionHandle).toBe(raced.sessionHandle);
      expect(h).toMatchObject({
        promoted: true,
        record: { tenantId: "t1", refreshTokenHash2: "tenant-child" },
      });
      expect((await storage.sessions.get("public", "public", raced.sessionHandle))?.refreshTokenHash2).toBe(
        winningHash,
      );
    });

    it("carries ids with array syntax, quotes, backslashes and non-ASCII through a batch intact", async () => {
      const awkward = ['a"b', "c\\d", "{e,f}", "NULL", " spaced ", "ünï-😀", "g'h"];
      const records = awkward.map((userId) => session({ userId }));
      for (const record of records) await storage.sessions.create(record);
      const results = await Promise.all(
        records.map((record, i) => promoteChild(record, { newHash2: `child-${awkward[i]}` })),
      );
      for (const [i, result] of results.entries()) {
        expect(result.promoted).toBe(true);
        expect(result.record?.userId).toBe(awkward[i]);
        expect(result.record?.refreshTokenHash2).toBe(`child-${awkward[i]}`);
      }
      // And the verify-side compare-and-set, with the same awkward hashes as expected values.
      const promoted = await Promise.all(
        records.map((record, i) =>
          storage.sessions.promoteRefreshToken({
            appId: "public",
            tenantId: "public",
            sessionHandle: record.sessionHandle,
            expectedHash2: `child-${awkward[i]}`,
            newHash2: `next-${awkward[i]}`,
            rotatedAt: NOW + 2000,
            expiresAt: NOW + 300 * DAY,
          }),
        ),
      );
      expect(promoted).toEqual(awkward.map(() => true));
      for (const [i, record] of records.entries())
        expect(
          (await storage.sessions.get("public", "public", record.sessionHandle))?.refreshTokenHash2,
        ).toBe(`next-${awkward[i]}`);
    });

    it.runIf(engine === "postgresql")(
      "sends promotions made together to PostgreSQL as a few statements, not one each",
      async () => {
        const records = Array.from({ length: 24 }, () => session());
        for (const record of records) await storage.sessions.create(record);
        const sent = vi.spyOn(pg.Client.prototype, "query");
        try {
          const results = await Promise.all(records.map((record) => promoteChild(record)));
          expect(results.every((result) => result.promoted)).toBe(true);
          expectFewStatements(sent.mock.calls.length);
        } finally {
          sent.mockRestore();
        }
        for (const record of records)
          expect(
            (await storage.sessions.get("public", "public", record.sessionHandle))?.refreshTokenHash2,
          ).toBe("child-hash");
      },
    );
  });

  describe("setUseStaticKey", () => {
    it("stores the flag", async () => {
      const record = session({ useStaticKey: false });
      await storage.sessions.create(record);
      await storage.sessions.setUseStaticKey("public", "public", record.sessionHandle, true);
      expect((await storage.sessions.get("public", "public", record.sessionHandle))?.useStaticKey).toBe(true);
    });
  });

  describe("updateSessionData", () => {
    it("replaces the data and returns true", async () => {
      const record = session();
      await storage.sessions.create(record);
      expect(
        await storage.sessions.updateSessionData("public", "public", record.sessionHandle, { v: 2 }),
      ).toBe(true);
      expect((await storage.sessions.get("public", "public", record.sessionHandle))?.sessionData).toEqual({
        v: 2,
      });
    });

    it("returns false for an unknown handle", async () => {
      expect(await storage.sessions.updateSessionData("public", "public", randomUUID(), {})).toBe(false);
    });
  });

  describe("updateJwtPayload", () => {
    it("replaces the payload and returns true", async () => {
      const record = session();
      await storage.sessions.create(record);
      expect(
        await storage.sessions.updateJwtPayload("public", "public", record.sessionHandle, { a: "b" }),
      ).toBe(true);
      expect((await storage.sessions.get("public", "public", record.sessionHandle))?.jwtUserPayload).toEqual({
        a: "b",
      });
    });

    it("returns false for an unknown handle", async () => {
      expect(await storage.sessions.updateJwtPayload("public", "public", randomUUID(), {})).toBe(false);
    });
  });

  describe("deleteByHandles", () => {
    it("deletes the given handles across tenants and returns those that existed", async () => {
      const a = session({ tenantId: "public" });
      const b = session({ tenantId: "t1" });
      const kept = session({ tenantId: "t1" });
      for (const record of [a, b, kept]) await storage.sessions.create(record);
      const missing = randomUUID();
      const deleted = await storage.sessions.deleteByHandles("public", [
        { tenantId: "public", sessionHandle: a.sessionHandle },
        { tenantId: "t1", sessionHandle: b.sessionHandle },
        { tenantId: "public", sessionHandle: missing },
      ]);
      expect(deleted.sort()).toEqual([a.sessionHandle, b.sessionHandle].sort());
      expect(await storage.sessions.get("public", "public", a.sessionHandle)).toBeUndefined();
      expect(await storage.sessions.get("public", "t1", b.sessionHandle)).toBeUndefined();
      expect(await storage.sessions.get("public", "t1", kept.sessionHandle)).toBeDefined();
    });

    it("does not delete a handle named with the wrong tenant or app", async () => {
      const record = session({ tenantId: "t1" });
      await storage.sessions.create(record);
      expect(
        await storage.sessions.deleteByHandles("public", [
          { tenantId: "t2", sessionHandle: record.sessionHandle },
        ]),
      ).toEqual([]);
      expect(
        await storage.sessions.deleteByHandles("app2", [
          { tenantId: "t1", sessionHandle: record.sessionHandle },
        ]),
      ).toEqual([]);
      expect(await storage.sessions.get("public", "t1", record.sessionHandle)).toBeDefined();
    });

    it("handles more handles than fit in one statement", async () => {
      const records = Array.from({ length: 1203 }, () => session());
      await storage.transaction(async (tx) => {
        for (const record of records) await tx.sessions.create(record);
      });
      const deleted = await storage.sessions.deleteByHandles(
        "public",
        records.map((r) => ({ tenantId: "public", sessionHandle: r.sessionHandle })),
      );
      expect(deleted).toHaveLength(records.length);
    });
  });

  describe("deleteByUsers", () => {
    it("deletes a user's sessions in one tenant only", async () => {
      const userId = randomUUID();
      const inT1 = session({ userId, tenantId: "t1" });
      const inT2 = session({ userId, tenantId: "t2" });
      await storage.sessions.create(inT1);
      await storage.sessions.create(inT2);
      expect(await storage.sessions.deleteByUsers("public", "t1", [userId])).toEqual([inT1.sessionHandle]);
      expect(await storage.sessions.get("public", "t2", inT2.sessionHandle)).toBeDefined();
    });

    it("deletes the sessions of several users across all tenants of the app, not of other apps", async () => {
      const [u1, u2] = [randomUUID(), randomUUID()];
      const records = [
        session({ userId: u1, tenantId: "t1" }),
        session({ userId: u1, tenantId: "public" }),
        session({ userId: u2, tenantId: "t2" }),
      ];
      const otherApp = session({ userId: u1, appId: "app2", tenantId: "public" });
      const otherUser = session({ tenantId: "t1" });
      for (const record of [...records, otherApp, otherUser]) await storage.sessions.create(record);
      const deleted = await storage.sessions.deleteByUsers("public", undefined, [u1, u2]);
      expect(deleted.sort()).toEqual(records.map((r) => r.sessionHandle).sort());
      expect(await storage.sessions.get("app2", "public", otherApp.sessionHandle)).toBeDefined();
      expect(await storage.sessions.get("public", "t1", otherUser.sessionHandle)).toBeDefined();
    });

    it("returns an empty list for no user ids", async () => {
      expect(await storage.sessions.deleteByUsers("public", undefined, [])).toEqual([]);
    });
  });

  describe("listHandlesByUsers", () => {
    it("lists unexpired handles per tenant or across tenants", async () => {
      const userId = randomUUID();
      const live1 = session({ userId, tenantId: "t1", expiresAt: NOW + DAY });
      const live2 = session({ userId, tenantId: "t2", expiresAt: NOW + DAY });
      const expired = session({ userId, tenantId: "t1", expiresAt: NOW - 1 });
      for (const record of [live1, live2, expired]) await storage.sessions.create(record);
      expect(await storage.sessions.listHandlesByUsers("public", "t1", [userId], NOW)).toEqual([
        live1.sessionHandle,
      ]);
      expect((await storage.sessions.listHandlesByUsers("public", undefined, [userId], NOW)).sort()).toEqual(
        [live1.sessionHandle, live2.sessionHandle].sort(),
      );
      expect(await storage.sessions.listHandlesByUsers("app2", undefined, [userId], NOW)).toEqual([]);
    });
  });

  describe("deleteExpired", () => {
    it("removes expired sessions only and returns how many", async () => {
      const cutoff = NOW + 1000 * DAY;
      const expired = [session({ expiresAt: cutoff - 1 }), session({ expiresAt: cutoff, tenantId: "t2" })];
      const live = session({ expiresAt: cutoff + 1 });
      for (const record of [...expired, live]) await storage.sessions.create(record);
      const before = await storage.sessions.listHandlesByUsers("public", undefined, [live.userId], NOW);
      expect(before).toEqual([live.sessionHandle]);
      const count = await storage.sessions.deleteExpired(cutoff);
      // Every session created by the other tests expires before the cutoff too.
      expect(count).toBeGreaterThanOrEqual(expired.length);
      expect(await storage.sessions.get("public", "public", expired[0].sessionHandle)).toBeUndefined();
      expect(await storage.sessions.get("public", "t2", expired[1].sessionHandle)).toBeUndefined();
      expect(await storage.sessions.get("public", "public", live.sessionHandle)).toBeDefined();
      expect(await storage.sessions.deleteExpired(cutoff)).toBe(0);
    });
  });
});
