/**
 * API key check (docs/protocol/cdi.md §1.1 item 1, §3 "Conventions"): `api-key`, then `Authorization:
 * Bearer k`, then a bare `Authorization: k`; a wrong or missing key gets 401 "Invalid API key".
 */
import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { call } from "./support/cdi";
import { createTestRoutes } from "./support/test-routes";

const KEY_A = "key-aaaaaaaaaaaaaaaaaaaaaaaa";
const KEY_B = "KEYbbbbbbbbbbbbbbbbbbbbbbbb==";

describe("api key: none configured", () => {
  let core: TestCore;
  beforeAll(
    async () => (core = await startTestCore({ engine: "sqlite", routes: createTestRoutes().routes })),
  );
  afterAll(() => core?.close());

  it("lets a call without any key through", async () => {
    expect((await call(core.url + "/test/scope")).status).toBe(200);
    expect((await call(core.url + "/apiversion")).status).toBe(200);
  });

  it("ignores a key that is sent anyway", async () => {
    expect(
      (await call(core.url + "/test/scope", { headers: { "api-key": "whatever-whatever-whatever" } })).status,
    ).toBe(200);
  });
});

describe("api key: keys configured", () => {
  let core: TestCore;
  beforeAll(
    async () =>
      (core = await startTestCore({
        engine: "sqlite",
        config: { api_keys: [KEY_A, KEY_B] },
        routes: createTestRoutes().routes,
      })),
  );
  afterAll(() => core?.close());
  afterEach(() => vi.restoreAllMocks());

  const status = async (headers: Record<string, string>, path = "/test/scope") =>
    (await call(core.url + path, { headers })).status;

  it("answers 401 'Invalid API key' in plain text without a key", async () => {
    const answer = await call(core.url + "/test/scope");
    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.text).toBe("Invalid API key");
  });

  it("accepts the key in the api-key header", async () => {
    expect(await status({ "api-key": KEY_A })).toBe(200);
  });

  it("accepts 'Authorization: Bearer <key>'", async () => {
    expect(await status({ authorization: `Bearer ${KEY_A}` })).toBe(200);
  });

  it("accepts a bare 'Authorization: <key>'", async () => {
    expect(await status({ authorization: KEY_B })).toBe(200);
  });

  it("accepts every configured key", async () => {
    expect(await status({ "api-key": KEY_B })).toBe(200);
  });

  it("prefers api-key over Authorization", async () => {
    expect(
      await status({ "api-key": "wrong-wrong-wrong-wrong-wrong", authorization: `Bearer ${KEY_A}` }),
    ).toBe(401);
    expect(await status({ "api-key": KEY_A, authorization: "Bearer wrong-wrong-wrong-wrong" })).toBe(200);
  });

  it("rejects a wrong key, a prefix of a key and a key with extra characters", async () => {
    expect(await status({ "api-key": "wrong-wrong-wrong-wrong-wrong" })).toBe(401);
    expect(await status({ "api-key": KEY_A.slice(0, -1) })).toBe(401);
    expect(await status({ "api-key": KEY_A + "a" })).toBe(401);
    expect(await status({ "api-key": KEY_A.toUpperCase() })).toBe(401);
  });

  it("requires the key for /apiversion", async () => {
    expect(await status({}, "/apiversion")).toBe(401);
    expect(await status({ "api-key": KEY_A }, "/apiversion")).toBe(200);
  });

  it("does not require it for /, /hello and /.well-known/jwks.json", async () => {
    expect(await status({}, "/")).toBe(200);
    expect(await status({}, "/hello")).toBe(200);
    expect(await status({}, "/.well-known/jwks.json")).toBe(200);
  });

  it("checks the key before telling whether a tenant exists", async () => {
    const answer = await call(core.url + "/nosuch/test/scope");
    expect(answer.status).toBe(401);
  });

  it("compares with crypto.timingSafeEqual, against every key", async () => {
    const compare = vi.spyOn(crypto, "timingSafeEqual");
    expect(await status({ "api-key": KEY_A })).toBe(200);
    // Both keys are compared even though the first one matched: the time does not say which.
    expect(compare).toHaveBeenCalledTimes(2);
    expect(await status({ "api-key": "short" })).toBe(401);
    expect(compare).toHaveBeenCalledTimes(4);
  });
});
