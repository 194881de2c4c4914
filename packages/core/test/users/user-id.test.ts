/** `GET /user/id` (CDI-NOTES §3 "Core"): the official SDK's createNewSession asks it for the primary user. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { call } from "../http/support/cdi";

describe("GET /user/id", () => {
  let core: TestCore;
  beforeAll(async () => (core = await startTestCore({ engine: "sqlite" })));
  afterAll(() => core?.close());

  it("answers UNKNOWN_USER_ID_ERROR for an id no recipe created", async () => {
    const answer = await call(core.url + "/user/id?userId=some-external-id", {
      headers: { "cdi-version": "5.4" },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: "UNKNOWN_USER_ID_ERROR" });
  });

  it("rejects a request without userId with 400", async () => {
    const answer = await call(core.url + "/user/id", { headers: { "cdi-version": "5.4" } });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("userId");
  });
});
