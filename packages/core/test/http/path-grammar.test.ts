/**
 * docs/protocol/cdi.md §2 path grammar: `^(/appid-[a-z0-9-]*)?(/<tenant>)?<api>/?$`, lower-cased;
 * `recipe|config|users|hello` are never tenant names.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { call } from "./support/cdi";
import { addTenant } from "./support/tenants";
import { createTestRoutes } from "./support/test-routes";

let core: TestCore;

beforeAll(async () => {
  core = await startTestCore({ engine: "sqlite", routes: createTestRoutes().routes });
  await addTenant(core.core.config, "public", "t1");
  await addTenant(core.core.config, "app1", "public");
  await addTenant(core.core.config, "app1", "t2");
});
afterAll(() => core?.close());

const scopeOf = async (path: string) => {
  const answer = await call(core.url + path);
  expect(answer.status, answer.text).toBe(200);
  return answer.json;
};

describe("path grammar: app and tenant prefixes", () => {
  it("treats a path without prefixes as app public, tenant public", async () => {
    expect(await scopeOf("/test/scope")).toEqual({
      status: "OK",
      appId: "public",
      tenantId: "public",
      tenantGiven: false,
    });
  });

  it("reads a tenant segment before the api", async () => {
    expect(await scopeOf("/t1/test/scope")).toEqual({
      status: "OK",
      appId: "public",
      tenantId: "t1",
      tenantGiven: true,
    });
  });

  it("treats an explicit 'public' tenant as the default tenant", async () => {
    expect(await scopeOf("/public/test/scope")).toEqual({
      status: "OK",
      appId: "public",
      tenantId: "public",
      tenantGiven: false,
    });
  });

  it("reads an /appid-<id> prefix", async () => {
    expect(await scopeOf("/appid-app1/test/scope")).toEqual({
      status: "OK",
      appId: "app1",
      tenantId: "public",
      tenantGiven: false,
    });
  });

  it("reads an app prefix followed by a tenant", async () => {
    expect(await scopeOf("/appid-app1/t2/test/scope")).toEqual({
      status: "OK",
      appId: "app1",
      tenantId: "t2",
      tenantGiven: true,
    });
  });

  it("treats /appid-public and an empty /appid- as the default app", async () => {
    expect(await scopeOf("/appid-public/test/scope")).toMatchObject({ appId: "public", tenantId: "public" });
    expect(await scopeOf("/appid-/t1/test/scope")).toMatchObject({ appId: "public", tenantId: "t1" });
  });

  it("rejects an app id outside [a-z0-9-] with 404", async () => {
    const answer = await call(core.url + "/appid-a_b/test/scope");
    expect(answer.status).toBe(404);
  });
});

describe("path grammar: reserved words", () => {
  it.each(["recipe", "config", "users", "hello"])("never reads '%s' as a tenant name", async (word) => {
    // Were the word a tenant, the api would be /test/scope and the call would not 404.
    const answer = await call(`${core.url}/${word}/test/scope`);
    expect(answer.status).toBe(404);
  });

  it("does read any other first segment as a tenant name", async () => {
    const answer = await call(core.url + "/other/test/scope");
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/^AppId or tenantId not found => /);
  });

  it("does not read an api's own first segment as a tenant (/apiversion, /hello)", async () => {
    expect((await call(core.url + "/apiversion")).json).toEqual({ versions: ["5.4"] });
    expect((await call(core.url + "/hello")).text).toBe("Hello");
  });
});

describe("path grammar: trailing slash and case", () => {
  it("accepts one trailing slash", async () => {
    expect(await scopeOf("/test/scope/")).toMatchObject({ tenantId: "public" });
    expect(await scopeOf("/t1/test/scope/")).toMatchObject({ tenantId: "t1" });
  });

  it("rejects a doubled slash with 404", async () => {
    expect((await call(core.url + "/test/scope//")).status).toBe(404);
    expect((await call(core.url + "//test/scope")).status).toBe(404);
  });

  it("matches the lower-cased path", async () => {
    expect(await scopeOf("/APPID-App1/T2/Test/Scope")).toEqual({
      status: "OK",
      appId: "app1",
      tenantId: "t2",
      tenantGiven: true,
    });
    expect((await call(core.url + "/HELLO")).text).toBe("Hello");
  });
});
