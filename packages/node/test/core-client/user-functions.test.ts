/**
 * The root user functions' wire calls (docs/protocol/cdi.md §3 "Core"), checked against the recording
 * server: our core does not serve these endpoints yet, so only the requests and the parsing of
 * answers in the documented shape are verified here.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import supertokens, {
  deleteUser,
  getUser,
  getUserCount,
  getUsersNewestFirst,
  getUsersOldestFirst,
  listUsersByAccountInfo,
} from "../../src/index";
import SuperTokens from "../../src/supertokens";
import { defaultAnswer, startRecordingCore, type RecordingCore } from "../support/recording-core";
import { baseAppInfo, testRecipe } from "../support/test-recipe";

const userJSON = {
  id: "u1",
  isPrimaryUser: false,
  tenantIds: ["public"],
  timeJoined: 1700000000000,
  emails: ["a@b.c"],
  phoneNumbers: [],
  thirdParty: [],
  webauthn: { credentialIds: [] },
  loginMethods: [
    {
      recipeId: "emailpassword",
      recipeUserId: "u1",
      tenantIds: ["public"],
      email: "a@b.c",
      verified: true,
      timeJoined: 1700000000000,
    },
  ],
};

let core: RecordingCore;
const calls = () => core.requests.filter((r) => r.path !== "/apiversion");

beforeAll(async () => {
  core = await startRecordingCore();
});
afterAll(() => core.close());
beforeEach(() => {
  core.requests.length = 0;
  core.answer = defaultAnswer;
  supertokens.init({
    supertokens: { connectionURI: core.url },
    appInfo: baseAppInfo,
    recipeList: [testRecipe({ recipeId: "session", apis: [] })],
  });
});
afterEach(() => SuperTokens.reset());

describe("getUser", () => {
  it("calls GET /user/id and returns a User with login methods", async () => {
    core.answer = (r) =>
      r.path === "/user/id" ? { body: { status: "OK", user: userJSON } } : defaultAnswer(r);
    const user = await getUser("u1");
    expect(calls()[0].query.toString()).toBe("userId=u1");
    expect(user?.loginMethods[0].recipeUserId.getAsString()).toBe("u1");
    expect(user?.loginMethods[0].hasSameEmailAs(" A@b.c ")).toBe(true);
    expect(user?.toJson()).toMatchObject({ id: "u1", emails: ["a@b.c"] });
  });

  it("returns undefined for UNKNOWN_USER_ID_ERROR", async () => {
    core.answer = (r) =>
      r.path === "/user/id" ? { body: { status: "UNKNOWN_USER_ID_ERROR" } } : defaultAnswer(r);
    expect(await getUser("nobody")).toBeUndefined();
  });
});

describe("listUsersByAccountInfo", () => {
  it("calls GET /<t>/users/by-accountinfo with the account info as query", async () => {
    core.answer = (r) =>
      r.path.endsWith("/by-accountinfo") ? { body: { status: "OK", users: [userJSON] } } : defaultAnswer(r);
    const users = await listUsersByAccountInfo("t1", {
      email: "a@b.c",
      thirdParty: { id: "google", userId: "g1" },
    });
    expect(calls()[0].path).toBe("/t1/users/by-accountinfo");
    expect(calls()[0].query.toString()).toBe(
      "email=a%40b.c&thirdPartyId=google&thirdPartyUserId=g1&doUnionOfAccountInfo=false",
    );
    expect(users.map((u) => u.id)).toEqual(["u1"]);
  });
});

describe("getUsersOldestFirst / getUsersNewestFirst", () => {
  it("call GET /<t>/users with the order, limit, token and recipe ids", async () => {
    core.answer = (r) =>
      r.path.endsWith("/users")
        ? { body: { status: "OK", users: [userJSON], nextPaginationToken: "next" } }
        : defaultAnswer(r);
    const page = await getUsersOldestFirst({
      tenantId: "public",
      limit: 10,
      includeRecipeIds: ["emailpassword", "passwordless"],
      query: { email: "a" },
    });
    await getUsersNewestFirst({ tenantId: "t2" });
    const [oldest, newest] = calls();
    expect([oldest.path, Object.fromEntries(oldest.query)]).toEqual([
      "/public/users",
      { email: "a", includeRecipeIds: "emailpassword,passwordless", timeJoinedOrder: "ASC", limit: "10" },
    ]);
    expect([newest.path, newest.query.toString()]).toEqual(["/t2/users", "timeJoinedOrder=DESC"]);
    expect(page.nextPaginationToken).toBe("next");
  });
});

describe("getUserCount", () => {
  it("counts across all tenants when no tenant is given", async () => {
    core.answer = (r) =>
      r.path.endsWith("/count") ? { body: { status: "OK", count: 7 } } : defaultAnswer(r);
    expect(await getUserCount()).toBe(7);
    await getUserCount(["emailpassword"], "t1");
    const [all, one] = calls();
    expect([all.path, all.query.toString()]).toEqual(["/public/users/count", "includeAllTenants=true"]);
    expect([one.path, one.query.toString()]).toEqual([
      "/t1/users/count",
      "includeRecipeIds=emailpassword&includeAllTenants=false",
    ]);
  });
});

describe("deleteUser", () => {
  it("calls POST /user/remove, removing linked accounts by default", async () => {
    await deleteUser("u1");
    await deleteUser("u2", false);
    expect(calls().map((r) => [r.method, r.path, JSON.parse(r.body)])).toEqual([
      ["POST", "/user/remove", { userId: "u1", removeAllLinkedAccounts: true }],
      ["POST", "/user/remove", { userId: "u2", removeAllLinkedAccounts: false }],
    ]);
  });
});
