import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../../../core/test/support/core";
import { JWKSKeyStore } from "../../src/recipe/session/jwks";

let core: TestCore;
beforeAll(async () => {
  core = await startTestCore({ engine: "sqlite" });
  // The core creates its first signing key on the first session.
  await fetch(`${core.url}/public/recipe/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "cdi-version": "5.4", rid: "session" },
    body: JSON.stringify({
      userId: "u",
      userDataInJWT: {},
      userDataInDatabase: {},
      enableAntiCsrf: false,
      useDynamicSigningKey: true,
    }),
  });
});
afterAll(async () => {
  await core?.close();
});

function countingSource() {
  const source = Object.assign(
    async () => {
      source.fetches += 1;
      return (await fetch(`${core.url}/.well-known/jwks.json`)).json();
    },
    { fetches: 0 },
  );
  return source;
}

describe("JWKSKeyStore", () => {
  it("fetches once, then answers known kids from the cache as KeyObjects", async () => {
    const source = countingSource();
    const store = new JWKSKeyStore(source, 60_000);
    const { keys } = await source();
    source.fetches = 0;
    const kid = keys[0].kid;
    const key = await store.get(kid);
    expect(key?.type).toBe("public");
    expect(store.peek(kid)).toBe(key);
    await store.get(kid);
    expect(source.fetches).toBe(1);
  });

  it("refetches on an unknown kid, at most once per cooldown", async () => {
    const source = countingSource();
    const store = new JWKSKeyStore(source, 60_000, 60_000);
    expect(await store.get("d-unknown")).toBeUndefined();
    expect(await store.get("d-unknown")).toBeUndefined();
    expect(await store.get("d-other")).toBeUndefined();
    expect(source.fetches).toBe(1);
  });

  it("refetches on every unknown kid when the cooldown is over", async () => {
    const source = countingSource();
    const store = new JWKSKeyStore(source, 60_000, 0);
    await store.get("d-unknown");
    await store.get("d-unknown");
    expect(source.fetches).toBe(2);
  });

  it("shares one fetch between concurrent lookups", async () => {
    const source = countingSource();
    const store = new JWKSKeyStore(source, 60_000);
    await Promise.all([store.get("a"), store.get("b"), store.get("c")]);
    expect(source.fetches).toBe(1);
  });

  it("refetches when the cache is older than jwksRefreshIntervalSec", async () => {
    const source = countingSource();
    const store = new JWKSKeyStore(source, 0);
    const { keys } = await (await fetch(`${core.url}/.well-known/jwks.json`)).json();
    await store.get(keys[0].kid);
    await store.get(keys[0].kid);
    expect(source.fetches).toBe(2);
  });
});
