import { createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../support/core";
import { testEngines } from "../support/databases";

const NOW = 1_800_000_000_123;

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

describe.each(testEngines())("JWT recipe over HTTP on %s", (engine) => {
  let core: TestCore;
  beforeAll(async () => {
    core = await startTestCore({ engine, now: () => NOW });
  });
  afterAll(async () => {
    await core?.close();
  });

  function call(method: "GET" | "POST", path: string, body?: unknown) {
    return fetch(core.url + path, {
      method,
      headers: {
        "cdi-version": "5.4",
        rid: "jwt",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async function jwksKeys(): Promise<(JsonWebKey & { kid: string })[]> {
    const response = await call("GET", "/recipe/jwt/jwks");
    return ((await response.json()) as { keys: (JsonWebKey & { kid: string })[] }).keys;
  }

  async function createJwt(body: Record<string, unknown>) {
    const response = await call("POST", "/recipe/jwt", body);
    return {
      status: response.status,
      body: response.status === 200 ? await response.json() : await response.text(),
    };
  }

  const validBody = {
    payload: { sub: "user-1", role: "admin" },
    validity: 600,
    algorithm: "RS256",
    jwksDomain: "https://api.example.com",
  };

  describe("POST /recipe/jwt", () => {
    it("returns a JWT that verifies with a key from GET /recipe/jwt/jwks", async () => {
      const { status, body } = await createJwt(validBody);
      expect(status).toBe(200);
      expect(body.status).toBe("OK");
      const [header, payload, signature] = (body.jwt as string).split(".");
      const decodedHeader = decodePart(header);
      expect(decodedHeader).toEqual({ alg: "RS256", typ: "JWT", kid: expect.stringMatching(/^s-/) });
      const jwk = (await jwksKeys()).find((key) => key.kid === decodedHeader.kid);
      expect(jwk).toBeDefined();
      const publicKey = createPublicKey({ key: jwk!, format: "jwk" });
      const valid = verify(
        "RSA-SHA256",
        Buffer.from(`${header}.${payload}`),
        publicKey,
        Buffer.from(signature, "base64url"),
      );
      expect(valid).toBe(true);
    });

    it("adds iss = jwksDomain, iat and exp in seconds to the payload", async () => {
      const { body } = await createJwt(validBody);
      const payload = decodePart((body.jwt as string).split(".")[1]);
      expect(payload).toEqual({
        sub: "user-1",
        role: "admin",
        iss: "https://api.example.com",
        iat: Math.floor(NOW / 1000),
        exp: Math.floor(NOW / 1000) + 600,
      });
    });

    it("keeps an iss given in the payload", async () => {
      const { body } = await createJwt({ ...validBody, payload: { iss: "https://issuer.example" } });
      expect(decodePart((body.jwt as string).split(".")[1]).iss).toBe("https://issuer.example");
    });

    it("signs with the static key by default and with a dynamic key when useStaticSigningKey is false", async () => {
      const byDefault = await createJwt(validBody);
      const dynamic = await createJwt({ ...validBody, useStaticSigningKey: false });
      expect(decodePart((byDefault.body.jwt as string).split(".")[0]).kid).toMatch(/^s-/);
      const dynamicKid = decodePart((dynamic.body.jwt as string).split(".")[0]).kid;
      expect(dynamicKid).toMatch(/^d-\d+$/);
      expect((await jwksKeys()).map((k) => k.kid)).toContain(dynamicKid);
    });

    it("answers UNSUPPORTED_ALGORITHM_ERROR for an algorithm other than RS256", async () => {
      const { status, body } = await createJwt({ ...validBody, algorithm: "ES256" });
      expect(status).toBe(200);
      expect(body).toEqual({ status: "UNSUPPORTED_ALGORITHM_ERROR" });
    });

    it.each([
      ["payload missing", { ...validBody, payload: undefined }],
      ["payload not an object", { ...validBody, payload: "text" }],
      ["validity missing", { ...validBody, validity: undefined }],
      ["validity not a number", { ...validBody, validity: "600" }],
      ["validity zero", { ...validBody, validity: 0 }],
      ["validity negative", { ...validBody, validity: -5 }],
      ["validity fractional", { ...validBody, validity: 1.5 }],
      ["algorithm missing", { ...validBody, algorithm: undefined }],
      ["jwksDomain missing", { ...validBody, jwksDomain: undefined }],
      ["useStaticSigningKey not a boolean", { ...validBody, useStaticSigningKey: "yes" }],
    ])("answers 400 when %s", async (_case, body) => {
      const response = await createJwt(body);
      expect(response.status).toBe(400);
      expect(typeof response.body).toBe("string");
      expect((response.body as string).length).toBeGreaterThan(0);
    });
  });

  describe("GET /recipe/jwt/jwks", () => {
    it("returns status OK and RS256 signature keys with a Cache-Control max-age", async () => {
      const response = await call("GET", "/recipe/jwt/jwks");
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toMatch(/^max-age=\d+, must-revalidate$/);
      const body = (await response.json()) as { status: string; keys: Record<string, unknown>[] };
      expect(body.status).toBe("OK");
      expect(body.keys.length).toBeGreaterThan(0);
      for (const key of body.keys) {
        expect(key).toMatchObject({
          kty: "RSA",
          alg: "RS256",
          use: "sig",
          kid: expect.stringMatching(/^[ds]-/),
        });
      }
    });

    it("lists the same keys as /.well-known/jwks.json", async () => {
      const wellKnown = (await (await fetch(core.url + "/.well-known/jwks.json")).json()) as {
        keys: unknown[];
      };
      expect(await jwksKeys()).toEqual(wellKnown.keys);
    });
  });
});
