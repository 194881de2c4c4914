/** `GET /user/id` (docs/protocol/cdi.md §3 "Core"): the official SDK's createNewSession asks it for the primary user. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("GET /user/id (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => (t = await startPasswordlessCore(engine)));
  afterAll(() => t?.close());

  it("answers UNKNOWN_USER_ID_ERROR for an id no recipe created", async () => {
    const answer = await t.client.get("/user/id", { userId: "some-external-id" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "UNKNOWN_USER_ID_ERROR" });
  });

  it("answers the user object of a passwordless user, as consume returned it", async () => {
    const signedUp = await t.client.signInUp({ email: "byid@example.com" });
    const answer = await t.client.get("/user/id", { userId: signedUp.user.id });
    expect(answer.body).toEqual({ status: "OK", user: signedUp.user });
  });

  it("answers a phone-only login method as verified, with no email field", async () => {
    const signedUp = await t.client.signInUp({ phoneNumber: "+14155550123" });
    const answer = await t.client.get("/user/id", { userId: signedUp.user.id });
    expect(answer.body.user.loginMethods[0]).toEqual({
      tenantIds: ["public"],
      recipeUserId: signedUp.user.id,
      verified: true,
      timeJoined: signedUp.user.timeJoined,
      recipeId: "passwordless",
      phoneNumber: "+14155550123",
    });
  });

  it("rejects a request without userId with 400", async () => {
    const answer = await t.client.get("/user/id");
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("userId");
  });

  it("is app-level: a non-public tenant prefix gets 403", async () => {
    const answer = await t.client.get("/t1/user/id", { userId: "x" });
    expect(answer.status).toBe(403);
  });
});
