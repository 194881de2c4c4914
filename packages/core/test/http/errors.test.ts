/**
 * Errors of the CDI pipeline: non-200 plain text (docs/protocol/cdi.md §7.3), unknown paths and methods,
 * and the 500 path, which must not leak internals or stop the server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { createLogger } from "../../src/log";
import { call } from "./support/cdi";
import { createTestRoutes } from "./support/test-routes";

let core: TestCore;
const logLines: string[] = [];

beforeAll(async () => {
  core = await startTestCore({
    engine: "sqlite",
    routes: createTestRoutes().routes,
    logger: createLogger({ level: "ERROR", format: "json", write: (line) => logLines.push(line) }),
  });
});
afterAll(() => core?.close());

describe("unknown path", () => {
  it("answers 404 in plain text", async () => {
    for (const path of [
      "/nothing/here",
      "/recipe/nothing",
      "/appid-public/recipe/nothing",
      "/user/nothing/at/all",
    ]) {
      const answer = await call(core.url + path);
      expect(answer.status, path).toBe(404);
      expect(answer.contentType, path).toMatch(/^text\/plain/);
    }
  });
});

describe("wrong method", () => {
  it("answers 405 for a known path with another method", async () => {
    const answer = await call(core.url + "/hello", { method: "DELETE" });
    expect(answer.status).toBe(405);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect((await call(core.url + "/test/echo")).status).toBe(405);
  });
});

describe("rid routing", () => {
  const put = (rid?: string) =>
    call(core.url + "/test/shared", { method: "PUT", headers: rid ? { rid } : {}, body: {} });

  it("picks the route of the rid header", async () => {
    expect((await put("passwordless")).json).toEqual({ status: "OK", recipe: "passwordless" });
    expect((await put("emailpassword")).json).toEqual({ status: "OK", recipe: "emailpassword" });
  });

  it("falls back to emailpassword without a matching rid", async () => {
    expect((await put()).json).toEqual({ status: "OK", recipe: "emailpassword" });
    expect((await put("session")).json).toEqual({ status: "OK", recipe: "emailpassword" });
  });

  it("ignores rid on routes that are not shared", async () => {
    expect((await call(core.url + "/test/scope", { headers: { rid: "anything" } })).status).toBe(200);
  });
});

describe("handler errors", () => {
  it("maps a thrown HttpError to its status and message", async () => {
    const answer = await call(core.url + "/test/conflict");
    expect(answer.status).toBe(409);
    expect(answer.text).toBe("Conflict for a test");
  });

  it("answers any other exception with 500 'Internal Error' and no details", async () => {
    const answer = await call(core.url + "/test/crash");
    expect(answer.status).toBe(500);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.text).toBe("Internal Error");
  });

  it("logs the failure with the api path", async () => {
    logLines.length = 0;
    await call(core.url + "/test/crash");
    expect(logLines).toHaveLength(1);
    expect(JSON.parse(logLines[0])).toMatchObject({
      level: "error",
      api: "/test/crash",
      appId: "public",
      tenantId: "public",
    });
  });

  it("masks credentials that an error message carries before logging it", async () => {
    logLines.length = 0;
    await call(core.url + "/test/crash");
    expect(logLines.join("")).toContain("postgresql://admin:***@db");
    expect(logLines.join("")).not.toContain("hunter2");
  });

  it("keeps serving after a 500", async () => {
    await Promise.all([call(core.url + "/test/crash"), call(core.url + "/test/crash")]);
    expect((await call(core.url + "/hello")).text).toBe("Hello");
  });
});
