/** The core's own public endpoints: `/`, `/hello` and `/.well-known/jwks.json` (docs/protocol/cdi.md §3 "Core", §7.2). */
import { createPublicKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { testEngines } from "../support/databases";
import { call } from "./support/cdi";

describe.each(testEngines())("core endpoints (%s)", (engine) => {
  let core: TestCore;
  beforeAll(async () => (core = await startTestCore({ engine })));
  afterAll(() => core?.close());

  describe("GET /", () => {
    it("answers 'Hello' in plain text", async () => {
      const answer = await call(core.url + "/");
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^text\/plain/);
      expect(answer.text).toBe("Hello");
    });
  });

  describe("GET /hello", () => {
    it("answers 'Hello' in plain text", async () => {
      const answer = await call(core.url + "/hello");
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^text\/plain/);
      expect(answer.text).toBe("Hello");
    });

    it("answers under the public tenant prefix too", async () => {
      expect((await call(core.url + "/public/hello")).text).toBe("Hello");
    });
  });

  describe("GET /.well-known/jwks.json", () => {
    it("lists RS256 public keys as {keys}", async () => {
      const answer = await call(core.url + "/.well-known/jwks.json");
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^application\/json/);
      const { keys } = answer.json as { keys: Record<string, string>[] };
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatchObject({
          kty: "RSA",
          alg: "RS256",
          use: "sig",
          e: expect.any(String),
          n: expect.any(String),
        });
        expect(key.kid).toMatch(/^[ds]-/);
        // A public key only: importing it as a private key must be impossible.
        expect(key).not.toHaveProperty("d");
        expect(createPublicKey({ key, format: "jwk" }).asymmetricKeyType).toBe("rsa");
      }
      expect(answer.json).not.toHaveProperty("status");
    });

    it("sends Cache-Control: max-age=<s>, must-revalidate", async () => {
      const answer = await call(core.url + "/.well-known/jwks.json");
      const match = /^max-age=(\d+), must-revalidate$/.exec(answer.headers.get("cache-control") ?? "");
      expect(match).not.toBeNull();
      expect(Number(match![1])).toBeGreaterThanOrEqual(1);
    });

    it("is not served under a tenant", async () => {
      expect((await call(core.url + "/t1/.well-known/jwks.json")).status).toBe(403);
    });
  });
});
