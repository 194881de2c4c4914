/** PUT /recipe/user with rid passwordless (docs/protocol/cdi.md §3): change or clear a user's email / phone number. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("PUT /recipe/user, rid passwordless (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => (t = await startPasswordlessCore(engine)));
  afterAll(() => t?.close());

  const update = (body: Record<string, unknown>) => t.client.put("/recipe/user", body);
  const userOf = async (id: string) => (await t.client.get("/user/id", { userId: id })).body.user;

  it("changes the email (normalised); the new email is not verified", async () => {
    const { user } = await t.client.signInUp({ email: "old@example.com" });
    expect((await update({ recipeUserId: user.id, email: " New@Example.com" })).body).toEqual({
      status: "OK",
    });
    const updated = await userOf(user.id);
    expect(updated.emails).toEqual(["new@example.com"]);
    expect(updated.loginMethods[0].verified).toBe(false);
    const found = await t.client.get("/public/users/by-accountinfo", {
      email: "new@example.com",
      doUnionOfAccountInfo: "true",
    });
    expect(found.body.users.map((u: any) => u.id)).toEqual([user.id]);
  });

  it("adds a phone number and then clears the email with null", async () => {
    const { user } = await t.client.signInUp({ email: "both@example.com" });
    await update({ recipeUserId: user.id, phoneNumber: "+1 415 555 0142" });
    expect((await update({ recipeUserId: user.id, email: null })).body).toEqual({ status: "OK" });
    const updated = await userOf(user.id);
    expect(updated.emails).toEqual([]);
    expect(updated.phoneNumbers).toEqual(["+14155550142"]);
  });

  it("keeps fields that are absent", async () => {
    const { user } = await t.client.signInUp({ email: "keep@example.com" });
    await update({ recipeUserId: user.id, phoneNumber: "+14155550143" });
    expect((await userOf(user.id)).emails).toEqual(["keep@example.com"]);
  });

  it("answers EMAIL_ALREADY_EXISTS_ERROR for another user's email", async () => {
    await t.client.signInUp({ email: "taken@example.com" });
    const { user } = await t.client.signInUp({ email: "wants@example.com" });
    expect((await update({ recipeUserId: user.id, email: "taken@example.com" })).body).toEqual({
      status: "EMAIL_ALREADY_EXISTS_ERROR",
    });
    expect((await userOf(user.id)).emails).toEqual(["wants@example.com"]);
  });

  it("answers PHONE_NUMBER_ALREADY_EXISTS_ERROR for another user's phone number", async () => {
    await t.client.signInUp({ phoneNumber: "+14155550144" });
    const { user } = await t.client.signInUp({ phoneNumber: "+14155550145" });
    expect((await update({ recipeUserId: user.id, phoneNumber: "+14155550144" })).body).toEqual({
      status: "PHONE_NUMBER_ALREADY_EXISTS_ERROR",
    });
  });

  it("answers UNKNOWN_USER_ID_ERROR for an unknown user", async () => {
    expect((await update({ recipeUserId: "nobody", email: "x@example.com" })).body).toEqual({
      status: "UNKNOWN_USER_ID_ERROR",
    });
  });

  it("rejects clearing both email and phone number with 400 and changes nothing", async () => {
    const { user } = await t.client.signInUp({ email: "only@example.com" });
    expect((await update({ recipeUserId: user.id, email: null, phoneNumber: null })).status).toBe(400);
    expect((await userOf(user.id)).emails).toEqual(["only@example.com"]);
  });

  it.each([
    ["no recipeUserId", { email: "x@example.com" }],
    ["an email that is a number", { recipeUserId: "x", email: 1 }],
    ["an empty phone number", { recipeUserId: "x", phoneNumber: " " }],
  ])("rejects %s with 400", async (_name, body) => {
    expect((await update(body)).status).toBe(400);
  });
});
