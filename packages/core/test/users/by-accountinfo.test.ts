/** `GET /<t>/users/by-accountinfo` (docs/protocol/cdi.md §3 "Core", §4: called before every sign-in/up). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("GET /<t>/users/by-accountinfo (%s)", (engine) => {
  let t: PasswordlessTestCore;
  let emailUser: any;
  let phoneUser: any;
  beforeAll(async () => {
    t = await startPasswordlessCore(engine);
    emailUser = (await t.client.signInUp({ email: "info@example.com" })).user;
    phoneUser = (await t.client.signInUp({ phoneNumber: "+14155552671" })).user;
  });
  afterAll(() => t?.close());

  const find = (query: Record<string, string>) => t.client.get("/public/users/by-accountinfo", query);

  it("finds a user by email, normalising the query", async () => {
    const reply = await find({ email: "  INFO@example.com", doUnionOfAccountInfo: "true" });
    expect(reply.body).toEqual({ status: "OK", users: [emailUser] });
  });

  it("finds a user by phone number in any formatting", async () => {
    const reply = await find({ phoneNumber: "+1 415-555-2671", doUnionOfAccountInfo: "true" });
    expect(reply.body.users.map((u: any) => u.id)).toEqual([phoneUser.id]);
  });

  it("answers an empty list when nobody matches", async () => {
    const reply = await find({ email: "nobody@example.com", doUnionOfAccountInfo: "true" });
    expect(reply.body).toEqual({ status: "OK", users: [] });
  });

  it("unions the account info when doUnionOfAccountInfo is true, oldest first", async () => {
    const reply = await find({
      email: "info@example.com",
      phoneNumber: "+14155552671",
      doUnionOfAccountInfo: "true",
    });
    expect(reply.body.users.map((u: any) => u.id)).toEqual([emailUser.id, phoneUser.id]);
  });

  it("intersects the account info when doUnionOfAccountInfo is false", async () => {
    const reply = await find({
      email: "info@example.com",
      phoneNumber: "+14155552671",
      doUnionOfAccountInfo: "false",
    });
    expect(reply.body.users).toEqual([]);
  });

  it("finds no third-party user (no such recipe users yet)", async () => {
    const reply = await find({ thirdPartyId: "google", thirdPartyUserId: "1", doUnionOfAccountInfo: "true" });
    expect(reply.body).toEqual({ status: "OK", users: [] });
  });

  it("is tenant-scoped: another tenant does not see the user", async () => {
    await t.core.core.services.storage.tenants.create("public", "t1", Date.now());
    const reply = await t.client.get("/t1/users/by-accountinfo", {
      email: "info@example.com",
      doUnionOfAccountInfo: "true",
    });
    expect(reply.body).toEqual({ status: "OK", users: [] });
  });

  it.each([
    ["doUnionOfAccountInfo missing", { email: "info@example.com" }],
    ["no account info", { doUnionOfAccountInfo: "true" }],
    ["thirdPartyId without thirdPartyUserId", { thirdPartyId: "google", doUnionOfAccountInfo: "true" }],
    ["doUnionOfAccountInfo not a boolean", { email: "info@example.com", doUnionOfAccountInfo: "yes" }],
  ])("rejects %s with 400", async (_name, query) => {
    expect((await find(query)).status).toBe(400);
  });
});
