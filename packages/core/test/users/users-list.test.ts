/** `GET /<t>/users` (docs/protocol/cdi.md §3 "Core"): keyset pagination, ordering, limits and filters. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startPasswordlessCore, TestClock, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("GET /<t>/users (%s)", (engine) => {
  let t: PasswordlessTestCore;
  const clock = new TestClock();
  /** Ids in sign-up order; users 3 and 4 share one timeJoined. */
  const ids: string[] = [];
  beforeAll(async () => {
    t = await startPasswordlessCore(engine, { now: clock.now });
    for (let i = 0; i < 6; i++) {
      if (i !== 4) clock.advance(1000);
      const account = i === 5 ? { phoneNumber: "+14155550100" } : { email: `user${i}@example.com` };
      ids.push((await t.client.signInUp(account)).user.id);
    }
  });
  afterAll(() => t?.close());

  const list = (query: Record<string, string> = {}) => t.client.get("/public/users", query);
  /** The expected order: time joined, then id (the tie-break for users 3 and 4). */
  const ascending = () => {
    const tied = [ids[3], ids[4]].sort();
    return [ids[0], ids[1], ids[2], ...tied, ids[5]];
  };

  it("lists every user of the tenant, oldest first, as full user objects", async () => {
    const reply = await list();
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe("OK");
    expect(reply.body.users.map((u: any) => u.id)).toEqual(ascending());
    expect(reply.body.users[0]).toMatchObject({
      emails: ["user0@example.com"],
      loginMethods: [{ recipeId: "passwordless" }],
    });
    expect(reply.body.nextPaginationToken).toBeUndefined();
  });

  it("lists newest first with timeJoinedOrder=DESC", async () => {
    const reply = await list({ timeJoinedOrder: "DESC" });
    expect(reply.body.users.map((u: any) => u.id)).toEqual(ascending().reverse());
  });

  it("pages with limit and nextPaginationToken without gaps or repeats", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const reply = await list({ limit: "2", ...(token ? { paginationToken: token } : {}) });
      expect(reply.body.users.length).toBeLessThanOrEqual(2);
      seen.push(...reply.body.users.map((u: any) => u.id));
      token = reply.body.nextPaginationToken;
      pages++;
    } while (token !== undefined);
    expect(seen).toEqual(ascending());
    expect(pages).toBe(3);
  });

  it("pages DESC the same way", async () => {
    const first = await list({ limit: "4", timeJoinedOrder: "DESC" });
    const second = await list({
      limit: "4",
      timeJoinedOrder: "DESC",
      paginationToken: first.body.nextPaginationToken,
    });
    expect([...first.body.users, ...second.body.users].map((u: any) => u.id)).toEqual(ascending().reverse());
  });

  it("keeps a token valid and stable when users are added meanwhile", async () => {
    const first = await list({ limit: "3" });
    clock.advance(1000);
    const late = (await t.client.signInUp({ email: "late@example.com" })).user.id;
    const rest = await list({ limit: "100", paginationToken: first.body.nextPaginationToken });
    expect(rest.body.users.map((u: any) => u.id)).toEqual([...ascending().slice(3), late]);
    await t.client.post("/user/remove", { userId: late });
  });

  it("filters by email prefix, case-insensitively", async () => {
    const reply = await list({ email: "USER1" });
    expect(reply.body.users.map((u: any) => u.id)).toEqual([ids[1]]);
  });

  it("filters by phone prefix", async () => {
    const reply = await list({ phone: "+1415" });
    expect(reply.body.users.map((u: any) => u.id)).toEqual([ids[5]]);
  });

  it("treats LIKE wildcards in a search as plain characters", async () => {
    expect((await list({ email: "%" })).body.users).toEqual([]);
    expect((await list({ email: "user_" })).body.users).toEqual([]);
  });

  it("filters by recipe and by includeRecipeIds", async () => {
    expect((await list({ includeRecipeIds: "passwordless" })).body.users).toHaveLength(6);
    expect((await list({ includeRecipeIds: "emailpassword,thirdparty" })).body.users).toEqual([]);
    expect((await list({ recipe: "emailpassword" })).body.users).toEqual([]);
  });

  it("matches nobody for a provider filter (no third-party users)", async () => {
    expect((await list({ provider: "google" })).body.users).toEqual([]);
  });

  it("lists only the tenant's users", async () => {
    await t.core.core.services.storage.tenants.create("public", "other", clock.now());
    expect((await t.client.get("/other/users")).body).toEqual({ status: "OK", users: [] });
  });

  it.each([
    ["limit 0", { limit: "0" }],
    ["limit above 500", { limit: "501" }],
    ["a non-numeric limit", { limit: "ten" }],
    ["a fractional limit", { limit: "1.5" }],
    ["an unknown timeJoinedOrder", { timeJoinedOrder: "UP" }],
    ["a forged pagination token", { paginationToken: "bm90LWEtdG9rZW4=" }],
    ["a pagination token that is not base64", { paginationToken: "!!!" }],
    ["an unknown recipe id", { includeRecipeIds: "passwordless,magic" }],
  ])("rejects %s with 400", async (_name, query) => {
    expect((await list(query)).status).toBe(400);
  });

  it("accepts limit 500", async () => {
    expect((await list({ limit: "500" })).status).toBe(200);
  });
});

describe.each(testEngines())("GET /<t>/users/count (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => {
    t = await startPasswordlessCore(engine);
    await t.core.core.services.storage.tenants.create("public", "t2", Date.now());
    await t.client.signInUp({ email: "c1@example.com" });
    await t.client.signInUp({ email: "c2@example.com" });
    await t.client.signInUp({ email: "c3@example.com" }, "t2");
  });
  afterAll(() => t?.close());

  it("counts the users of the tenant", async () => {
    expect((await t.client.get("/public/users/count")).body).toEqual({ status: "OK", count: 2 });
    expect((await t.client.get("/t2/users/count")).body).toEqual({ status: "OK", count: 1 });
  });

  it("counts every tenant with includeAllTenants=true", async () => {
    expect((await t.client.get("/users/count", { includeAllTenants: "true" })).body).toEqual({
      status: "OK",
      count: 3,
    });
  });

  it("counts only the given recipes", async () => {
    expect((await t.client.get("/public/users/count", { includeRecipeIds: "passwordless" })).body.count).toBe(
      2,
    );
    expect(
      (await t.client.get("/public/users/count", { includeRecipeIds: "emailpassword" })).body.count,
    ).toBe(0);
  });

  it("rejects a non-boolean includeAllTenants with 400", async () => {
    expect((await t.client.get("/users/count", { includeAllTenants: "maybe" })).status).toBe(400);
  });
});
