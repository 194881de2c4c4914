import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrimitiveClaim, PrimitiveArrayClaim, BooleanClaim } from "../../src/recipe/session/claims/index";
import * as Session from "../../src/recipe/session/index";
import SessionRecipe from "../../src/recipe/session/recipe";
import { verifySession, type SessionRequest } from "../../src/recipe/session/framework/express";
import { Browser, decodeFrontToken, startSessionApp, type SessionApp } from "../support/session-app";

/** The plan each user has "in the database"; the claim fetches from here. */
const plans = new Map<string, string>();
const PlanClaim = new PrimitiveClaim<string>({ key: "plan", fetchValue: (userId) => plans.get(userId) });
const GateClaim = new BooleanClaim({ key: "gate", fetchValue: () => false });

let app: SessionApp;

beforeAll(async () => {
  app = await startSessionApp({
    routes: (express) => {
      express.get(
        "/pro-only",
        verifySession({
          overrideGlobalClaimValidators: (globals) => [...globals, PlanClaim.validators.hasValue("pro")],
        }),
        (req, res) => res.json({ plan: (req as SessionRequest).session!.getAccessTokenPayload().plan }),
      );
      express.post("/claims/set", verifySession(), async (req, res) => {
        await (req as SessionRequest).session!.setClaimValue(PlanClaim, req.body.value);
        res.json({ value: await (req as SessionRequest).session!.getClaimValue(PlanClaim) });
      });
      express.post("/claims/fetch", verifySession(), async (req, res) => {
        await (req as SessionRequest).session!.fetchAndSetClaim(PlanClaim);
        res.json({ value: await (req as SessionRequest).session!.getClaimValue(PlanClaim) });
      });
      express.post("/claims/remove", verifySession(), async (req, res) => {
        await (req as SessionRequest).session!.removeClaim(PlanClaim);
        res.json({ payload: (req as SessionRequest).session!.getAccessTokenPayload() });
      });
    },
  });
});
afterAll(async () => {
  await app?.close();
});

async function login(userId: string) {
  const browser = new Browser(app.url);
  const answer = await browser.post("/create", { userId }, { "st-auth-mode": "cookie" });
  return { browser, handle: answer.body.handle as string };
}

describe("a claim validator on verifySession (overrideGlobalClaimValidators)", () => {
  it("answers 403 invalid claim with claimValidationErrors [{id, reason}] when the value is wrong", async () => {
    plans.set("c-1", "free");
    const { browser, handle } = await login("c-1");
    const answer = await browser.get("/pro-only");
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      message: "invalid claim",
      claimValidationErrors: [
        { id: "plan", reason: { message: "wrong value", expectedValue: "pro", actualValue: "free" } },
      ],
    });
    // As in the official SDK, the refetched value is stored (regenerate) but the 403 carries no token.
    expect(answer.headers.get("front-token")).toBeNull();
    const info = await Session.getSessionInformation(handle);
    expect(info!.customClaimsInAccessTokenPayload.plan.v).toBe("free");
  });

  it("passes once the fetched value matches", async () => {
    plans.set("c-2", "pro");
    const { browser } = await login("c-2");
    const answer = await browser.get("/pro-only");
    expect(answer.status).toBe(200);
    expect(answer.body.plan.v).toBe("pro");
  });
});

describe("SessionContainer claim methods", () => {
  it("setClaimValue rewrites the payload through the core and resends token + front-token", async () => {
    const { browser } = await login("c-3");
    const answer = await browser.post("/claims/set", { value: "team" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ value: "team" });
    expect(answer.cookie("sAccessToken")).toBeDefined();
    const front = decodeFrontToken(answer.headers.get("front-token")!);
    expect(front.up.plan).toEqual({ v: "team", t: expect.any(Number) });
    // the browser's new token carries it
    expect((await browser.get("/protected")).body.payload.plan.v).toBe("team");
  });

  it("fetchAndSetClaim stores the fetched value", async () => {
    plans.set("c-4", "enterprise");
    const { browser } = await login("c-4");
    expect((await browser.post("/claims/fetch")).body).toEqual({ value: "enterprise" });
  });

  it("removeClaim deletes the key from the payload", async () => {
    const { browser } = await login("c-5");
    await browser.post("/claims/set", { value: "x" });
    const answer = await browser.post("/claims/remove");
    expect(answer.body.payload.plan).toBeUndefined();
    expect(decodeFrontToken(answer.headers.get("front-token")!).up.plan).toBeUndefined();
  });
});

describe("claim functions by session handle", () => {
  it("setClaimValue / getClaimValue / removeClaim work on the stored payload", async () => {
    const { handle } = await login("c-6");
    expect(await Session.setClaimValue(handle, PlanClaim, "gold")).toBe(true);
    expect(await Session.getClaimValue(handle, PlanClaim)).toEqual({ status: "OK", value: "gold" });
    expect(await Session.removeClaim(handle, PlanClaim)).toBe(true);
    expect(await Session.getClaimValue(handle, PlanClaim)).toEqual({ status: "OK", value: undefined });
  });

  it("fetchAndSetClaim and validateClaimsForSessionHandle", async () => {
    plans.set("c-7", "silver");
    const { handle } = await login("c-7");
    expect(await Session.fetchAndSetClaim(handle, PlanClaim)).toBe(true);
    const result = await Session.validateClaimsForSessionHandle(handle, (globals) => [
      ...globals,
      PlanClaim.validators.hasValue("pro"),
    ]);
    expect(result).toEqual({
      status: "OK",
      invalidClaims: [
        { id: "plan", reason: { message: "wrong value", expectedValue: "pro", actualValue: "silver" } },
      ],
    });
  });

  it("answers SESSION_DOES_NOT_EXIST_ERROR for an unknown handle", async () => {
    expect(await Session.getClaimValue("no-such-handle", PlanClaim)).toEqual({
      status: "SESSION_DOES_NOT_EXIST_ERROR",
    });
    expect(await Session.validateClaimsForSessionHandle("no-such-handle")).toEqual({
      status: "SESSION_DOES_NOT_EXIST_ERROR",
    });
  });
});

describe("global claim validators added by other recipes", () => {
  it("apply to every verifySession but not to signout", async () => {
    const recipe = SessionRecipe.getInstanceOrThrowError();
    recipe.addClaimValidatorFromOtherRecipe(GateClaim.validators.isTrue());
    try {
      const { browser } = await login("c-8");
      const refused = await browser.get("/protected");
      expect(refused.status).toBe(403);
      expect(refused.body.claimValidationErrors).toEqual([
        { id: "gate", reason: { message: "wrong value", expectedValue: true, actualValue: false } },
      ]);
      const signout = await browser.send("POST", "/auth/signout", { headers: { rid: "session" } });
      expect(signout.status).toBe(200);
      expect(signout.body).toEqual({ status: "OK" });
    } finally {
      recipe.getClaimValidatorsAddedByOtherRecipes().length = 0;
      (recipe as any).requestFlowDeps = (recipe as any).buildRequestFlowDeps();
    }
  });
});

describe("validators of PrimitiveArrayClaim and BooleanClaim", () => {
  const Roles = new PrimitiveArrayClaim<string>({ key: "roles", fetchValue: () => ["a"] });
  const payload = Roles.addToPayload_internal({}, ["a", "b"]);

  it("includes / excludes / includesAll / includesAny / excludesAll report the official reasons", async () => {
    expect(await Roles.validators.includes("a").validate(payload, {})).toEqual({ isValid: true });
    expect(await Roles.validators.includes("c").validate(payload, {})).toEqual({
      isValid: false,
      reason: { message: "wrong value", expectedToInclude: "c", actualValue: ["a", "b"] },
    });
    expect(await Roles.validators.excludes("a").validate(payload, {})).toEqual({
      isValid: false,
      reason: { message: "wrong value", expectedToNotInclude: "a", actualValue: ["a", "b"] },
    });
    expect(await Roles.validators.includesAll(["a", "c"]).validate(payload, {})).toMatchObject({
      isValid: false,
    });
    expect(await Roles.validators.includesAny(["c", "b"]).validate(payload, {})).toEqual({ isValid: true });
    expect(await Roles.validators.includesAny(["c"]).validate(payload, {})).toEqual({
      isValid: false,
      reason: { message: "wrong value", expectedToIncludeAtLeastOneOf: ["c"], actualValue: ["a", "b"] },
    });
    expect(await Roles.validators.excludesAll(["c", "d"]).validate(payload, {})).toEqual({ isValid: true });
  });

  it("reports a missing value and an expired one (maxAge)", async () => {
    expect(await Roles.validators.includes("a").validate({}, {})).toEqual({
      isValid: false,
      reason: { message: "value does not exist", expectedToInclude: "a", actualValue: undefined },
    });
    const old = { roles: { v: ["a"], t: Date.now() - 120_000 } };
    const result = await Roles.validators.includes("a", 60).validate(old, {});
    expect(result).toMatchObject({ isValid: false, reason: { message: "expired", maxAgeInSeconds: 60 } });
    expect(await (Roles.validators.includes("a", 60) as any).shouldRefetch(old, {})).toBe(true);
  });

  it("BooleanClaim isTrue / isFalse are hasValue(true / false)", async () => {
    const gate = GateClaim.addToPayload_internal({}, true);
    expect(await GateClaim.validators.isTrue().validate(gate, {})).toEqual({ isValid: true });
    expect(await GateClaim.validators.isFalse().validate(gate, {})).toMatchObject({ isValid: false });
  });
});
