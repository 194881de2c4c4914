/** `POST /user/remove` (docs/protocol/cdi.md §3 "Core"): the user, its tenant links, verified emails and sessions. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { readTable, startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("POST /user/remove (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => (t = await startPasswordlessCore(engine)));
  afterAll(() => t?.close());

  const rowsOf = async (table: string, userId: string) =>
    (await readTable(t.core, table)).filter((row) => row.user_id === userId);

  it("deletes the user so /user/id no longer knows it", async () => {
    const { user } = await t.client.signInUp({ email: "gone@example.com" });
    expect((await t.client.post("/user/remove", { userId: user.id })).body).toEqual({ status: "OK" });
    expect((await t.client.get("/user/id", { userId: user.id })).body).toEqual({
      status: "UNKNOWN_USER_ID_ERROR",
    });
  });

  it("deletes the recipe rows, tenant links and verified emails", async () => {
    const { user } = await t.client.signInUp({ email: "rows@example.com" });
    expect(await rowsOf("emailverification_verified_emails", user.id)).toHaveLength(1);
    await t.client.post("/user/remove", { userId: user.id });
    for (const table of [
      "app_id_to_user_id",
      "all_auth_recipe_users",
      "passwordless_users",
      "passwordless_user_to_tenant",
      "emailverification_verified_emails",
    ])
      expect(await rowsOf(table, user.id), table).toEqual([]);
  });

  it("revokes the user's sessions", async () => {
    const { user } = await t.client.signInUp({ email: "sessions@example.com" });
    const created = await t.client.post("/public/recipe/session", {
      userId: user.id,
      userDataInJWT: {},
      userDataInDatabase: {},
      enableAntiCsrf: false,
      useDynamicSigningKey: true,
    });
    expect(created.body.status).toBe("OK");
    await t.client.post("/user/remove", { userId: user.id });
    const info = await t.client.get("/recipe/session", { sessionHandle: created.body.session.handle });
    expect(info.body.status).toBe("UNAUTHORISED");
  });

  it("lets the email sign up again as a new user", async () => {
    const first = await t.client.signInUp({ email: "again@example.com" });
    await t.client.post("/user/remove", { userId: first.user.id });
    const second = await t.client.signInUp({ email: "again@example.com" });
    expect(second.createdNewUser).toBe(true);
    expect(second.user.id).not.toBe(first.user.id);
  });

  it("answers OK for an unknown id", async () => {
    expect((await t.client.post("/user/remove", { userId: "never-existed" })).body).toEqual({ status: "OK" });
  });

  it.each([
    ["no userId", {}],
    ["a userId that is not a string", { userId: 5 }],
    ["removeAllLinkedAccounts that is not a boolean", { userId: "x", removeAllLinkedAccounts: "yes" }],
  ])("rejects %s with 400", async (_name, body) => {
    expect((await t.client.post("/user/remove", body)).status).toBe(400);
  });
});
