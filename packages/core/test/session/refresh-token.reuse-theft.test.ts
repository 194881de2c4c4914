/**
 * Attack: a refresh token is stolen and used after the legitimate client has moved on (or the
 * other way round). Reuse of anything but the immediately previous token, or of the previous
 * token after the grace window, must be reported as TOKEN_THEFT_DETECTED (docs/protocol/cdi.md §5).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startSessionTestCore, type SessionTestCore } from "../support/session";

const GRACE_MS = 30_000;

describe.each(testEngines())("refresh token reuse is theft (%s)", (engine) => {
  let t: SessionTestCore;
  beforeAll(async () => {
    t = await startSessionTestCore(engine);
  });
  afterAll(() => t.close());

  /** Session whose current token is two promotions past the first: RT0 → RT1 → RT2 (RT2 current, RT1 previous). */
  async function sessionTwoRotationsOld(userId: string) {
    const created = await t.cdi.createSession({ userId });
    const rt1 = (await t.cdi.refresh(created.refreshToken.token)).body.refreshToken.token as string;
    const rt2 = (await t.cdi.refresh(rt1)).body.refreshToken.token as string; // promotes RT1
    const rt3 = (await t.cdi.refresh(rt2)).body.refreshToken.token as string; // promotes RT2
    return { created, rt0: created.refreshToken.token as string, rt1, rt2, rt3 };
  }

  it("reports a token two generations old as theft even inside the grace window", async () => {
    const { created, rt0 } = await sessionTwoRotationsOld("theft-old");
    const answer = await t.cdi.refresh(rt0);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: "TOKEN_THEFT_DETECTED",
      session: { handle: created.session.handle, userId: "theft-old", recipeUserId: "theft-old" },
    });
  });

  it("reports the previous token as theft once the grace window has passed", async () => {
    const created = await t.cdi.createSession({ userId: "theft-prev-late" });
    const rt1 = (await t.cdi.refresh(created.refreshToken.token)).body.refreshToken.token;
    expect((await t.cdi.refresh(rt1)).body.status).toBe("OK"); // promotes RT1
    t.clock.advance(GRACE_MS + 1000);
    expect((await t.cdi.refresh(created.refreshToken.token)).body.status).toBe("TOKEN_THEFT_DETECTED");
  });

  it("reports a sibling of the current token as theft once the grace window has passed", async () => {
    const created = await t.cdi.createSession({ userId: "theft-sibling-late" });
    const [a, b] = await Promise.all([
      t.cdi.refresh(created.refreshToken.token),
      t.cdi.refresh(created.refreshToken.token),
    ]);
    expect((await t.cdi.refresh(a.body.refreshToken.token)).body.status).toBe("OK"); // promotes A's child
    t.clock.advance(GRACE_MS + 1000);
    expect((await t.cdi.refresh(b.body.refreshToken.token)).body.status).toBe("TOKEN_THEFT_DETECTED");
  });

  it("reports a sibling of the previous token as theft inside the window", async () => {
    const created = await t.cdi.createSession({ userId: "theft-cousin" });
    const rt1 = (await t.cdi.refresh(created.refreshToken.token)).body.refreshToken.token;
    const rt1Sibling = (await t.cdi.refresh(created.refreshToken.token)).body.refreshToken.token;
    const rt2 = (await t.cdi.refresh(rt1)).body.refreshToken.token; // promotes RT1
    expect((await t.cdi.refresh(rt2)).body.status).toBe("OK"); // promotes RT2; RT1 is the previous token
    expect((await t.cdi.refresh(rt1Sibling)).body.status).toBe("TOKEN_THEFT_DETECTED");
  });

  it("does not revoke the session: the SDK does that on TOKEN_THEFT_DETECTED", async () => {
    const { created, rt0, rt3 } = await sessionTwoRotationsOld("theft-no-revoke");
    expect((await t.cdi.refresh(rt0)).body.status).toBe("TOKEN_THEFT_DETECTED");
    expect((await t.cdi.get("/recipe/session", { sessionHandle: created.session.handle })).body.status).toBe(
      "OK",
    );
    expect((await t.cdi.refresh(rt3)).body.status).toBe("OK");
  });

  it("keeps reporting theft for the stolen token after the legitimate client refreshes again", async () => {
    const { rt1, rt3 } = await sessionTwoRotationsOld("theft-repeat");
    t.clock.advance(GRACE_MS + 1000);
    expect((await t.cdi.refresh(rt3)).body.status).toBe("OK");
    expect((await t.cdi.refresh(rt1)).body.status).toBe("TOKEN_THEFT_DETECTED");
    expect((await t.cdi.refresh(rt1)).body.status).toBe("TOKEN_THEFT_DETECTED");
  });

  it("forgives a child minted inside the window but reports the stale token it came from once the window is over", async () => {
    const created = await t.cdi.createSession({ userId: "theft-forgiven-then-late" });
    const rt1 = (await t.cdi.refresh(created.refreshToken.token)).body.refreshToken.token;
    await t.cdi.refresh(rt1); // promotes RT1; RT0 is now the previous token
    const forgiven = await t.cdi.refresh(created.refreshToken.token);
    expect(forgiven.body.status).toBe("OK");
    t.clock.advance(GRACE_MS + 1000);
    expect((await t.cdi.refresh(created.refreshToken.token)).body.status).toBe("TOKEN_THEFT_DETECTED");
  });
});

describe.each(testEngines())(
  "refresh token reuse with refresh_token_rotation_grace_period 0 (%s)",
  (engine) => {
    let t: SessionTestCore;
    beforeAll(async () => {
      t = await startSessionTestCore(engine, { refresh_token_rotation_grace_period: 0 });
    });
    afterAll(() => t.close());

    it("reports the previous token as theft as soon as the next one is promoted", async () => {
      const created = await t.cdi.createSession({ userId: "no-grace" });
      const rt1 = (await t.cdi.refresh(created.refreshToken.token)).body.refreshToken.token;
      await t.cdi.refresh(rt1);
      t.clock.advance(1);
      expect((await t.cdi.refresh(created.refreshToken.token)).body.status).toBe("TOKEN_THEFT_DETECTED");
    });
  },
);
