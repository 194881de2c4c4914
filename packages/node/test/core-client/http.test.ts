import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import supertokens from "../../src/index";
import { getCoreClient } from "../../src/core-client";
import SuperTokens from "../../src/supertokens";
import type { SuperTokensInfo } from "../../src/types";
import { defaultAnswer, startRecordingCore, type RecordingCore } from "../support/recording-core";
import { closedPortURL } from "../support/servers";
import { baseAppInfo, testRecipe } from "../support/test-recipe";

let coreA: RecordingCore;
let coreB: RecordingCore;

beforeAll(async () => {
  coreA = await startRecordingCore();
  coreB = await startRecordingCore();
});

afterAll(async () => {
  await coreA.close();
  await coreB.close();
});

beforeEach(() => {
  for (const core of [coreA, coreB]) {
    core.requests.length = 0;
    core.answer = defaultAnswer;
  }
});

afterEach(() => SuperTokens.reset());

function initWith(info: SuperTokensInfo): void {
  supertokens.init({
    supertokens: info,
    appInfo: baseAppInfo,
    recipeList: [testRecipe({ recipeId: "session", apis: [] })],
  });
}

const nonHandshake = (core: RecordingCore) => core.requests.filter((r) => r.path !== "/apiversion");

describe("http transport: /apiversion handshake", () => {
  it("sends the app's domains and only the api-key header", async () => {
    initWith({ connectionURI: coreA.url, apiKey: "key-0123456789-0123456789" });
    await getCoreClient("session").get("/user/id", { userId: "u1" });
    const handshake = coreA.requests[0];
    expect(handshake.path).toBe("/apiversion");
    expect(Object.fromEntries(handshake.query)).toEqual({
      apiDomain: "http://localhost:3001",
      websiteDomain: "http://localhost:3000",
    });
    expect(handshake.headers["api-key"]).toBe("key-0123456789-0123456789");
    expect(handshake.headers["cdi-version"]).toBeUndefined();
    expect(handshake.headers.rid).toBeUndefined();
  });

  it("happens once per process, not per call", async () => {
    initWith({ connectionURI: coreA.url });
    const client = getCoreClient("session");
    await Promise.all([
      client.get("/user/id", {}),
      client.get("/user/id", {}),
      client.post("/recipe/session", {}),
    ]);
    await client.get("/user/id", {});
    expect(coreA.requests.filter((r) => r.path === "/apiversion")).toHaveLength(1);
    expect(nonHandshake(coreA)).toHaveLength(4);
  });

  it("fails with 'not compatible' when the core does not list 5.4, and retries the handshake next time", async () => {
    coreA.answer = (r) =>
      r.path === "/apiversion" ? { body: { versions: ["2.21", "3.0"] } } : { body: { status: "OK" } };
    initWith({ connectionURI: coreA.url });
    await expect(getCoreClient().get("/user/id", {})).rejects.toThrow(
      /^The running SuperTokens core version is not compatible with this NodeJS SDK/,
    );
    coreA.answer = defaultAnswer;
    await expect(getCoreClient().get("/user/id", {})).resolves.toEqual({ status: "OK" });
  });
});

describe("http transport: headers and encoding", () => {
  it("sends cdi-version, api-key, rid and a JSON content-type on a recipe POST", async () => {
    initWith({ connectionURI: coreA.url, apiKey: "key-0123456789-0123456789" });
    await getCoreClient("session").post("/public/recipe/session", { userId: "u1", skip: undefined });
    const [call] = nonHandshake(coreA);
    expect(call.method).toBe("POST");
    expect(call.path).toBe("/public/recipe/session");
    expect(call.headers["cdi-version"]).toBe("5.4");
    expect(call.headers["api-key"]).toBe("key-0123456789-0123456789");
    expect(call.headers.rid).toBe("session");
    expect(call.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(call.body).toBe('{"userId":"u1"}');
  });

  it("sends rid only when segment 1 or 2 is 'recipe'", async () => {
    initWith({ connectionURI: coreA.url });
    const client = getCoreClient("session");
    await client.get("/user/id", {});
    await client.post("/recipe/session/refresh", {});
    await client.get("/t1/users/count", {});
    const rids = nonHandshake(coreA).map((r) => r.headers.rid);
    expect(rids).toEqual([undefined, "session", undefined]);
  });

  it("sends no content-type and no api-key on a GET without a key", async () => {
    initWith({ connectionURI: coreA.url });
    await getCoreClient("session").get("/public/recipe/session", { sessionHandle: "h" });
    const [call] = nonHandshake(coreA);
    expect(call.headers["content-type"]).toBeUndefined();
    expect(call.headers["api-key"]).toBeUndefined();
  });

  it("drops undefined query values and writes booleans as true/false", async () => {
    initWith({ connectionURI: coreA.url });
    await getCoreClient().get("/public/users/by-accountinfo", {
      email: "a@b.c",
      phoneNumber: undefined,
      doUnionOfAccountInfo: false,
      limit: 5,
    });
    expect(nonHandshake(coreA)[0].query.toString()).toBe("email=a%40b.c&doUnionOfAccountInfo=false&limit=5");
  });

  it("sends PUT and DELETE bodies with the query", async () => {
    initWith({ connectionURI: coreA.url });
    await getCoreClient("userroles").put("/recipe/role", { role: "admin" }, { x: true });
    await getCoreClient("userroles").delete("/recipe/role", { role: "admin" }, { y: 1 });
    const [put, del] = nonHandshake(coreA);
    expect([put.method, put.body, put.query.toString()]).toEqual(["PUT", '{"role":"admin"}', "x=true"]);
    expect([del.method, del.body, del.query.toString(), del.headers["content-type"]]).toEqual([
      "DELETE",
      '{"role":"admin"}',
      "y=1",
      "application/json; charset=utf-8",
    ]);
  });

  it("keeps a host's base path (/appid-x) in front of every path", async () => {
    initWith({ connectionURI: `${coreA.url}/appid-shop` });
    await getCoreClient("session").post("/public/recipe/session", {});
    expect(coreA.requests.map((r) => r.path)).toEqual([
      "/appid-shop/apiversion",
      "/appid-shop/public/recipe/session",
    ]);
  });

  it("applies networkInterceptor to every request", async () => {
    initWith({
      connectionURI: coreA.url,
      networkInterceptor: (request, userContext) => ({
        ...request,
        headers: { ...request.headers, "x-tenant-hint": String(userContext.hint ?? "none") },
      }),
    });
    await getCoreClient().get("/user/id", {}, { hint: "blue" });
    expect(coreA.requests.map((r) => r.headers["x-tenant-hint"])).toEqual(["blue", "blue"]);
  });
});

describe("http transport: answers", () => {
  it("throws the official message for a non-200 answer", async () => {
    coreA.answer = (r) =>
      r.path === "/apiversion"
        ? defaultAnswer(r)
        : { status: 400, body: "Field name 'userId' is invalid in JSON input" };
    initWith({ connectionURI: coreA.url });
    await expect(getCoreClient("session").post("/public/recipe/session", {})).rejects.toThrow(
      "SuperTokens core threw an error for a POST request to path: '/public/recipe/session' with status code: 400 and message: Field name 'userId' is invalid in JSON input",
    );
  });

  it("returns text for a text/* answer", async () => {
    coreA.answer = (r) => (r.path === "/apiversion" ? defaultAnswer(r) : { body: "Hello" });
    initWith({ connectionURI: coreA.url });
    await expect(getCoreClient().get("/hello", {})).resolves.toBe("Hello");
  });
});

describe("http transport: several hosts", () => {
  it("goes round-robin over the hosts", async () => {
    initWith({ connectionURI: `${coreA.url};${coreB.url}` });
    const client = getCoreClient();
    for (let i = 0; i < 4; i++) await client.get("/user/id", {});
    // handshake + 4 calls = 5 requests, alternating A, B, A, B, A
    expect(coreA.requests).toHaveLength(3);
    expect(coreB.requests).toHaveLength(2);
  });

  it("fails over to the next host when one is unreachable", async () => {
    initWith({ connectionURI: `${await closedPortURL()};${coreA.url}` });
    await expect(getCoreClient().get("/user/id", {})).resolves.toEqual({ status: "OK" });
    await expect(getCoreClient().get("/user/id", {})).resolves.toEqual({ status: "OK" });
    expect(nonHandshake(coreA)).toHaveLength(2);
  });

  it("gives up after trying every host once", async () => {
    initWith({ connectionURI: `${await closedPortURL()};${await closedPortURL()}` });
    await expect(getCoreClient().get("/user/id", {})).rejects.toThrow(
      "No SuperTokens core available to query",
    );
  });
});

describe("http transport: 429", () => {
  it("retries a rate-limited call until it succeeds", async () => {
    let limited = 2;
    coreA.answer = (r) =>
      r.path !== "/apiversion" && limited-- > 0
        ? { status: 429, body: "Too many requests" }
        : defaultAnswer(r);
    initWith({ connectionURI: coreA.url });
    await expect(getCoreClient().get("/user/id", {})).resolves.toEqual({ status: "OK" });
    expect(nonHandshake(coreA)).toHaveLength(3);
  });

  it("stops after 5 retries and throws the 429", async () => {
    coreA.answer = (r) =>
      r.path === "/apiversion" ? defaultAnswer(r) : { status: 429, body: "Too many requests" };
    initWith({ connectionURI: coreA.url });
    await expect(getCoreClient().get("/user/id", {})).rejects.toThrow(
      "with status code: 429 and message: Too many requests",
    );
    expect(nonHandshake(coreA)).toHaveLength(6);
  });
});
