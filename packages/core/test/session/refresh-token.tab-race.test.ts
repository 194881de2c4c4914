/**
 * Two tabs (one cookie jar) refresh with the same token at once: both get children of it.
 * Whatever order the tabs then use their children in (refresh, or the first verify of the new
 * access token), nobody may be logged out for theft inside the grace window, and the tokens
 * the browser ends up holding must keep working after the window (ARCHITECTURE "A grace
 * window"; algorithm in src/recipe/session/rotation.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { decodeJwt, startSessionTestCore, type CdiAnswer, type SessionTestCore } from "../support/session";

const GRACE_MS = 30_000;
const AFTER_WINDOW_MS = 2 * 3600 * 1000; // also past the access token's validity

type Tokens = { accessToken: string; refreshToken: string };
type Use = "refresh" | "verify";

describe.each(testEngines())("two tabs refreshing with one refresh token (%s)", (engine) => {
  let t: SessionTestCore;
  beforeAll(async () => {
    t = await startSessionTestCore(engine);
  });
  afterAll(() => t.close());

  async function raceFromFreshSession(userId: string): Promise<{ a: Tokens; b: Tokens }> {
    const created = await t.cdi.createSession({ userId });
    const [a, b] = await Promise.all([
      t.cdi.refresh(created.refreshToken.token),
      t.cdi.refresh(created.refreshToken.token),
    ]);
    expect([a.body.status, b.body.status]).toEqual(["OK", "OK"]);
    return {
      a: { accessToken: a.body.accessToken.token, refreshToken: a.body.refreshToken.token },
      b: { accessToken: b.body.accessToken.token, refreshToken: b.body.refreshToken.token },
    };
  }

  /** Uses a tab's tokens the way the SDK would, and returns the tokens the tab holds afterwards. */
  async function use(tokens: Tokens, how: Use): Promise<{ answer: CdiAnswer; next: Tokens }> {
    if (how === "refresh") {
      const answer = await t.cdi.refresh(tokens.refreshToken);
      const next =
        answer.body.status === "OK"
          ? { accessToken: answer.body.accessToken.token, refreshToken: answer.body.refreshToken.token }
          : tokens;
      return { answer, next };
    }
    const answer = await t.cdi.verify(tokens.accessToken);
    const next = answer.body.accessToken ? { ...tokens, accessToken: answer.body.accessToken.token } : tokens;
    return { answer, next };
  }

  const orders: [Use, Use, "a first" | "b first"][] = [];
  for (const first of ["refresh", "verify"] as Use[])
    for (const second of ["refresh", "verify"] as Use[])
      for (const order of ["a first", "b first"] as const) orders.push([first, second, order]);

  it.each(orders)("tab A %s, tab B %s (%s): both succeed", async (useA, useB, order) => {
    const { a, b } = await raceFromFreshSession(`race-${useA}-${useB}-${order}`);
    const steps: [Tokens, Use][] =
      order === "a first"
        ? [
            [a, useA],
            [b, useB],
          ]
        : [
            [b, useB],
            [a, useA],
          ];
    for (const [tokens, how] of steps) {
      const { answer } = await use(tokens, how);
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe("OK");
    }
  });

  it("both tabs keep refreshing their own lines inside the window", async () => {
    const { a, b } = await raceFromFreshSession("race-both-lines");
    let tabA = a;
    let tabB = b;
    for (let round = 0; round < 3; round++) {
      const stepA = await use(tabA, "refresh");
      const stepB = await use(tabB, "refresh");
      expect([stepA.answer.body.status, stepB.answer.body.status]).toEqual(["OK", "OK"]);
      tabA = stepA.next;
      tabB = stepB.next;
    }
  });

  it("the first access token of the losing tab is accepted and replaced by one without a parent", async () => {
    const { a, b } = await raceFromFreshSession("race-verify-sibling");
    expect((await t.cdi.verify(a.accessToken)).body.status).toBe("OK"); // promotes A's child
    const answer = await t.cdi.verify(b.accessToken);
    expect(answer.body.status).toBe("OK");
    expect(decodeJwt(answer.body.accessToken.token).payload.parentRefreshTokenHash1).toBeNull();
  });

  /**
   * One cookie jar: the refresh responses land one after the other (the second overwrites
   * both cookies); requests in between use the first tab's tokens, later ones the second's.
   * After the window the jar's refresh token must still work.
   */
  it.each([
    ["the first response's access token was used before the second landed", true],
    ["nothing was sent between the two responses", false],
  ])("one cookie jar: %s; the jar's tokens work after the window", async (_label, firstUsed) => {
    const { a, b } = await raceFromFreshSession(`race-jar-${firstUsed}`);
    if (firstUsed) expect((await use(a, "verify")).answer.body.status).toBe("OK");
    // B's Set-Cookie lands: the jar now holds B's tokens; the retried request verifies them.
    let jar = b;
    const retried = await use(jar, "verify");
    expect(retried.answer.body.status).toBe("OK");
    jar = retried.next;
    t.clock.advance(AFTER_WINDOW_MS);
    const refreshed = await use(jar, "refresh");
    expect(refreshed.answer.body.status).toBe("OK");
    expect((await use(refreshed.next, "verify")).answer.body.status).toBe("OK");
  });

  it("one cookie jar: the second tab's refresh is forgiven inside the window and its child works after it", async () => {
    const { a, b } = await raceFromFreshSession("race-jar-forgiven");
    const first = await use(a, "refresh"); // A's child promoted, A's grandchild issued
    expect(first.answer.body.status).toBe("OK");
    const second = await use(b, "refresh"); // B's child is a sibling of the current token: forgiven
    expect(second.answer.body.status).toBe("OK");
    // The forgiven token's access token names no parent: promotion waits for its next refresh.
    expect(decodeJwt(second.next.accessToken).payload.parentRefreshTokenHash1).toBeNull();
    t.clock.advance(AFTER_WINDOW_MS);
    expect((await use(second.next, "refresh")).answer.body.status).toBe("OK");
  });

  it("a lost refresh response: the previous token is forgiven inside the window", async () => {
    const created = await t.cdi.createSession({ userId: "race-lost-response" });
    const child = (await t.cdi.refresh(created.refreshToken.token)).body.refreshToken.token;
    await t.cdi.refresh(child); // promotes the child; its response is "lost"
    t.clock.advance(GRACE_MS - 5000);
    const retry = await t.cdi.refresh(created.refreshToken.token);
    expect(retry.body.status).toBe("OK");
    t.clock.advance(AFTER_WINDOW_MS);
    expect((await t.cdi.refresh(retry.body.refreshToken.token)).body.status).toBe("OK");
  });

  it("five tabs refresh at once and then each uses its child: no theft", async () => {
    const created = await t.cdi.createSession({ userId: "race-five" });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.cdi.refresh(created.refreshToken.token)),
    );
    expect(answers.map((a) => a.body.status)).toEqual(Array(5).fill("OK"));
    const tabs: Tokens[] = answers.map((a) => ({
      accessToken: a.body.accessToken.token,
      refreshToken: a.body.refreshToken.token,
    }));
    const uses: Use[] = ["verify", "refresh", "verify", "refresh", "verify"];
    for (let i = 0; i < tabs.length; i++) {
      expect((await use(tabs[i], uses[i])).answer.body.status).toBe("OK");
    }
    const concurrent = await Promise.all(tabs.map((tab) => use(tab, "refresh")));
    expect(concurrent.map((c) => c.answer.body.status)).toEqual(Array(5).fill("OK"));
  });
});
