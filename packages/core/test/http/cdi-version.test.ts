/**
 * `cdi-version` header and `/apiversion` (docs/protocol/cdi.md §2 "Handshake"): the SDK asks for the
 * versions once, then sends `cdi-version: 5.4` on every call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { call } from "./support/cdi";
import { createTestRoutes } from "./support/test-routes";

describe("cdi-version header", () => {
  let core: TestCore;
  beforeAll(
    async () => (core = await startTestCore({ engine: "sqlite", routes: createTestRoutes().routes })),
  );
  afterAll(() => core?.close());

  it("accepts 5.4", async () => {
    expect((await call(core.url + "/test/scope", { headers: { "cdi-version": "5.4" } })).status).toBe(200);
  });

  it("treats a missing header as the newest version", async () => {
    expect((await call(core.url + "/test/scope")).status).toBe(200);
  });

  it.each(["5.3", "2.21", "6.0", "abc"])(
    "rejects %s with 400 plain text naming the version",
    async (version) => {
      const answer = await call(core.url + "/test/scope", { headers: { "cdi-version": version } });
      expect(answer.status).toBe(400);
      expect(answer.contentType).toMatch(/^text\/plain/);
      expect(answer.text).toContain(`cdi-version ${version} not supported`);
    },
  );

  it("is not checked on /apiversion, /hello and /.well-known/jwks.json", async () => {
    for (const path of ["/apiversion", "/hello", "/.well-known/jwks.json"]) {
      expect((await call(core.url + path, { headers: { "cdi-version": "1.0" } })).status, path).toBe(200);
    }
  });
});

describe("GET /apiversion", () => {
  let core: TestCore;
  beforeAll(async () => (core = await startTestCore({ engine: "sqlite" })));
  afterAll(() => core?.close());

  it("lists 5.4 as {versions}, JSON, with no status field", async () => {
    const answer = await call(
      core.url + "/apiversion?apiDomain=http%3A%2F%2Flocalhost&websiteDomain=http%3A%2F%2Flocalhost",
    );
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.json).toEqual({ versions: ["5.4"] });
  });

  it("answers only GET", async () => {
    expect((await call(core.url + "/apiversion", { method: "POST", body: {} })).status).toBe(405);
  });
});

describe("GET /apiversion with supertokens_max_cdi_version", () => {
  it("keeps versions up to the cap", async () => {
    const core = await startTestCore({ engine: "sqlite", config: { supertokens_max_cdi_version: "5.4" } });
    try {
      expect((await call(core.url + "/apiversion")).json).toEqual({ versions: ["5.4"] });
    } finally {
      await core.close();
    }
  });

  it("keeps every version below a cap above them", async () => {
    const core = await startTestCore({ engine: "sqlite", config: { supertokens_max_cdi_version: "5.9" } });
    try {
      expect((await call(core.url + "/apiversion")).json).toEqual({ versions: ["5.4"] });
    } finally {
      await core.close();
    }
  });
});
