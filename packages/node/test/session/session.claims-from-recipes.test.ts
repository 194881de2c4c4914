import { afterEach, describe, expect, it } from "vitest";
import { BooleanClaim, PrimitiveClaim } from "../../src/recipe/session/claims/index";
import SessionRecipe from "../../src/recipe/session/recipe";
import type { RecipeListFunction } from "../../src/recipe-module";
import { testRecipe } from "../support/test-recipe";
import { Browser, decodeJWTPayload, startSessionApp, type SessionApp } from "../support/session-app";

const VerifiedClaim = new BooleanClaim({ key: "st-test-verified", fetchValue: () => false });
const TierClaim = new PrimitiveClaim<string>({ key: "tier", fetchValue: () => "bronze" });

/** A recipe that, like EmailVerification or UserRoles, registers with Session from its init. */
function registeringRecipe(recipeId: string): RecipeListFunction {
  const base = testRecipe({ recipeId, apis: [] });
  return (context) => {
    SessionRecipe.addClaimValidatorFromOtherRecipe(VerifiedClaim.validators.isTrue());
    SessionRecipe.addClaimFromOtherRecipe(TierClaim);
    return base(context);
  };
}

let app: SessionApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

for (const position of ["before", "after"] as const) {
  describe(`claims registered by a recipe listed ${position} Session`, () => {
    it("adds the claim to new sessions and enforces the validator on verifySession", async () => {
      app = await startSessionApp(
        position === "before"
          ? { recipesBefore: [registeringRecipe("other")] }
          : { recipesAfter: [registeringRecipe("other")] },
      );
      const browser = new Browser(app.url);
      const created = await browser.post(
        "/create",
        { userId: `cr-${position}` },
        { "st-auth-mode": "cookie" },
      );
      expect(decodeJWTPayload(created.cookie("sAccessToken")!.value).tier).toEqual({
        v: "bronze",
        t: expect.any(Number),
      });
      const answer = await browser.get("/protected");
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        message: "invalid claim",
        claimValidationErrors: [
          {
            id: "st-test-verified",
            reason: { message: "wrong value", expectedValue: true, actualValue: false },
          },
        ],
      });
    });
  });
}
