/**
 * Bad input gets a clear 400 that names the field and changes nothing (ARCHITECTURE
 * "Principles"): malformed JSON, wrong types, missing fields, oversized bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { call } from "./support/cdi";
import { createTestRoutes, type TestRoutes } from "./support/test-routes";

let core: TestCore;
let testRoutes: TestRoutes;
const LIMIT = 2048;

beforeAll(async () => {
  testRoutes = createTestRoutes();
  core = await startTestCore({
    engine: "sqlite",
    config: { max_request_body_bytes: LIMIT },
    routes: testRoutes.routes,
  });
});
afterAll(() => core?.close());

const echo = (body: string | object) => call(core.url + "/test/echo", { method: "POST", body });

/** Runs a request that must be rejected and proves the write counter did not move. */
async function rejected(send: () => Promise<{ status: number; text: string; contentType: string }>) {
  const before = testRoutes.writes.value;
  const answer = await send();
  expect(testRoutes.writes.value).toBe(before);
  expect(answer.contentType).toMatch(/^text\/plain/);
  return answer;
}

describe("JSON body: well-formed", () => {
  it("hands typed fields to the handler and ignores unknown fields", async () => {
    const answer = await echo({
      userId: "u1",
      count: 3,
      flag: false,
      tags: ["a"],
      data: { x: 1 },
      extra: "ignored",
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      status: "OK",
      userId: "u1",
      count: 3,
      flag: false,
      tags: ["a"],
      data: { x: 1 },
    });
  });

  it("treats null as absent for optional fields", async () => {
    const answer = await echo({ userId: "u1", count: null, flag: null, tags: null, data: null });
    expect(answer.json).toEqual({ status: "OK", userId: "u1" });
  });
});

describe("JSON body: malformed", () => {
  it("answers 400 for invalid JSON", async () => {
    const answer = await rejected(() => echo('{"userId": "u1",'));
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/Invalid JSON input/);
  });

  it("answers 400 for a body that is not an object", async () => {
    for (const body of ["[1,2]", '"u1"', "42", "null"]) {
      const answer = await rejected(() => echo(body));
      expect(answer.status, body).toBe(400);
      expect(answer.text, body).toMatch(/must be a JSON object/);
    }
  });

  it("treats an empty body as no body (required fields missing)", async () => {
    const answer = await rejected(() => call(core.url + "/test/echo", { method: "POST" }));
    expect(answer.status).toBe(400);
    expect(answer.text).toBe("Field name 'userId' is missing in JSON input: expected a string");
  });
});

describe("JSON body: wrong types", () => {
  it.each([
    [{ userId: 5 }, "Field name 'userId' is invalid in JSON input: expected a string"],
    [{ userId: null }, "Field name 'userId' is invalid in JSON input: expected a string"],
    [{ userId: "u1", count: "3" }, "Field name 'count' is invalid in JSON input: expected a number"],
    [{ userId: "u1", flag: "true" }, "Field name 'flag' is invalid in JSON input: expected true or false"],
    [
      { userId: "u1", tags: ["a", 1] },
      "Field name 'tags' is invalid in JSON input: expected an array of strings",
    ],
    [{ userId: "u1", data: [1] }, "Field name 'data' is invalid in JSON input: expected a JSON object"],
  ])("answers 400 naming the field for %j", async (body, message) => {
    const answer = await rejected(() => echo(body));
    expect(answer.status).toBe(400);
    expect(answer.text).toBe(message);
  });
});

describe("query string", () => {
  const query = (qs: string) => call(`${core.url}/test/query?${qs}`);

  it("reads strings, 'true'/'false', numbers and comma-separated lists", async () => {
    const answer = await query("userId=u%201&flag=true&limit=10&includeRecipeIds=emailpassword,thirdparty");
    expect(answer.json).toEqual({
      status: "OK",
      userId: "u 1",
      flag: true,
      limit: 10,
      includeRecipeIds: ["emailpassword", "thirdparty"],
    });
  });

  it("answers 400 naming a missing parameter", async () => {
    const answer = await query("flag=true");
    expect(answer.status).toBe(400);
    expect(answer.text).toBe("Field name 'userId' is missing in GET request: expected a string");
  });

  it("answers 400 naming a parameter of the wrong type", async () => {
    expect((await query("userId=u&flag=yes")).text).toBe(
      "Field name 'flag' is invalid in GET request: expected 'true' or 'false'",
    );
    expect((await query("userId=u&limit=ten")).text).toBe(
      "Field name 'limit' is invalid in GET request: expected a number",
    );
    expect((await query("userId=u&limit=")).status).toBe(400);
  });
});

describe("body size limit", () => {
  it("accepts a body at the limit", async () => {
    const body = JSON.stringify({ userId: "u1", pad: "x".repeat(LIMIT - 30) });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(LIMIT);
    expect((await echo(body)).status).toBe(200);
  });

  it("answers 413 naming the option for a body over the limit (content-length known)", async () => {
    const answer = await rejected(() => echo({ userId: "u1", pad: "x".repeat(LIMIT) }));
    expect(answer.status).toBe(413);
    expect(answer.text).toContain("max_request_body_bytes");
  });

  it("answers 413 for a chunked body that grows over the limit", async () => {
    const before = testRoutes.writes.value;
    const chunk = new TextEncoder().encode(" ".repeat(1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"userId":"u1"'));
        for (let i = 0; i < 4; i++) controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode("}"));
        controller.close();
      },
    });
    const response = await fetch(core.url + "/test/echo", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json" },
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(testRoutes.writes.value).toBe(before);
  });

  it("keeps serving after rejecting a large body", async () => {
    await echo({ userId: "u1", pad: "x".repeat(LIMIT * 4) });
    expect((await call(core.url + "/hello")).text).toBe("Hello");
  });
});
