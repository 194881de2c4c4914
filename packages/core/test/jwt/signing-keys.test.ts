import { createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config";
import { createSigningKeyService, type SigningKeyServiceOptions } from "../../src/recipe/jwt/signing-keys";
import type { SigningKey, SigningKeyService } from "../../src/recipe/jwt/types";
import type { Storage } from "../../src/storage/types";
import { createTestStorage, openTestStorage, testEngines, type TestStorage } from "../support/databases";

const HOUR = 3_600_000;
const INTERVAL = 1 * HOUR;
const VALIDITY = 600_000;
const OVERLAP = 60_000;
const config = resolveConfig({
  access_token_dynamic_signing_key_update_interval: INTERVAL / HOUR,
  access_token_validity: VALIDITY / 1000,
});

/** A clock the test moves by hand. */
function clock(start: number) {
  let at = start;
  return { now: () => at, set: (t: number) => (at = t) };
}

function signsFor(key: SigningKey, publicKey: ReturnType<typeof createPublicKey>): boolean {
  const data = Buffer.from(randomUUID());
  return verify("RSA-SHA256", data, publicKey, sign("RSA-SHA256", data, key.privateKey));
}

describe.each(testEngines())("signing keys on %s", (engine) => {
  let test: TestStorage;
  let appSeq = 0;
  /** A fresh app per test, so tests don't see each other's keys. */
  async function newApp(storage: Storage): Promise<string> {
    const appId = `app-${++appSeq}`;
    await storage.tenants.create(appId, "public", 0);
    return appId;
  }
  beforeAll(async () => {
    test = await createTestStorage(engine);
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  function service(
    now: () => number,
    options?: SigningKeyServiceOptions,
    storage = test.storage,
  ): SigningKeyService {
    return createSigningKeyService(storage, config, now, options);
  }

  describe("signingKey(dynamic)", () => {
    it("creates one key, stored as base64(SPKI)|base64(PKCS8) with kid d-<createdAt>", async () => {
      const appId = await newApp(test.storage);
      const t = clock(1_800_000_000_000);
      const key = await service(t.now).signingKey(appId, "dynamic");
      const stored = await test.storage.signingKeys.listDynamic(appId);
      expect(stored).toHaveLength(1);
      expect(key.kid).toBe(`d-${stored[0].createdAt}`);
      expect(stored[0].createdAt).toBe(t.now());
      expect(stored[0].value).toMatch(/^[A-Za-z0-9+/]+=*\|[A-Za-z0-9+/]+=*$/);
      expect(key.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(signsFor(key, key.publicKey)).toBe(true);
    });

    it("makes a single key when many first calls arrive at once", async () => {
      const appId = await newApp(test.storage);
      const t = clock(1_800_000_000_000);
      const keys = service(t.now);
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => (t.set(t.now() + i), keys.signingKey(appId, "dynamic"))),
      );
      expect(new Set(results.map((k) => k.kid)).size).toBe(1);
      expect(await test.storage.signingKeys.listDynamic(appId)).toHaveLength(1);
    });

    it("makes a single key when several replicas (own clocks, own connections) start at once", async () => {
      const appId = await newApp(test.storage);
      const otherStorage = openTestStorage(test.database);
      try {
        const start = 1_800_000_000_000;
        const replicas = Array.from({ length: 4 }, (_, i) =>
          service(() => start + i * 1000, undefined, i % 2 ? otherStorage : test.storage),
        );
        const results = await Promise.all(replicas.map((replica) => replica.signingKey(appId, "dynamic")));
        expect(new Set(results.map((k) => k.kid)).size).toBe(1);
        expect(await test.storage.signingKeys.listDynamic(appId)).toHaveLength(1);
      } finally {
        await otherStorage.close();
      }
    });

    it("reuses the same key within the interval", async () => {
      const appId = await newApp(test.storage);
      const t = clock(1_800_000_000_000);
      const keys = service(t.now);
      const first = await keys.signingKey(appId, "dynamic");
      t.set(t.now() + INTERVAL - OVERLAP - 1);
      expect((await keys.signingKey(appId, "dynamic")).kid).toBe(first.kid);
      expect(await test.storage.signingKeys.listDynamic(appId)).toHaveLength(1);
    });

    it("makes the next key at interval − 60 s but keeps signing with the old one for 60 s", async () => {
      const appId = await newApp(test.storage);
      const start = 1_800_000_000_000;
      const t = clock(start);
      const keys = service(t.now);
      const first = await keys.signingKey(appId, "dynamic");
      t.set(start + INTERVAL - OVERLAP + 1);
      expect((await keys.signingKey(appId, "dynamic")).kid).toBe(first.kid);
      const stored = await test.storage.signingKeys.listDynamic(appId);
      expect(stored.map((k) => k.createdAt)).toEqual([start + INTERVAL - OVERLAP + 1, start]);
      const next = `d-${stored[0].createdAt}`;
      // Published during the overlap, before anyone signs with it.
      expect((await keys.jwks(appId)).keys.map((k) => k.kid)).toEqual([next, first.kid]);
      t.set(start + INTERVAL - 1);
      expect((await keys.signingKey(appId, "dynamic")).kid).toBe(first.kid);
      t.set(start + INTERVAL - OVERLAP + 1 + OVERLAP);
      expect((await keys.signingKey(appId, "dynamic")).kid).toBe(next);
    });

    it("signs with the new key as soon as the previous one has left its interval", async () => {
      const appId = await newApp(test.storage);
      const start = 1_800_000_000_000;
      const t = clock(start);
      const keys = service(t.now);
      await keys.signingKey(appId, "dynamic");
      t.set(start + INTERVAL + 5);
      const current = await keys.signingKey(appId, "dynamic");
      expect(current.kid).toBe(`d-${start + INTERVAL + 5}`);
    });

    it("lets a replica with a stale cache pick up a key another replica made instead of making its own", async () => {
      const appId = await newApp(test.storage);
      const start = 1_800_000_000_000;
      const t = clock(start);
      const replicaA = service(t.now);
      const replicaB = service(t.now, undefined, openTestStorage(test.database));
      const first = await replicaA.signingKey(appId, "dynamic");
      expect((await replicaB.signingKey(appId, "dynamic")).kid).toBe(first.kid);
      t.set(start + INTERVAL - OVERLAP + 1);
      await replicaA.signingKey(appId, "dynamic"); // A rotates
      t.set(start + INTERVAL - OVERLAP + 2);
      await replicaB.signingKey(appId, "dynamic"); // B's cache says "rotate"; it must re-read first
      expect(await test.storage.signingKeys.listDynamic(appId)).toHaveLength(2);
      t.set(start + INTERVAL + OVERLAP);
      expect((await replicaB.signingKey(appId, "dynamic")).kid).toBe(
        (await replicaA.signingKey(appId, "dynamic")).kid,
      );
    });

    it("deletes keys whose verification window is over when it rotates", async () => {
      const appId = await newApp(test.storage);
      const start = 1_800_000_000_000;
      const t = clock(start);
      const keys = service(t.now);
      await keys.signingKey(appId, "dynamic");
      t.set(start + 10 * INTERVAL);
      await keys.signingKey(appId, "dynamic");
      expect((await test.storage.signingKeys.listDynamic(appId)).map((k) => k.createdAt)).toEqual([
        start + 10 * INTERVAL,
      ]);
    });
  });

  describe("signingKey(static)", () => {
    it("creates one RS256 key per app with kid s-<uuid>, and reuses it forever", async () => {
      const appId = await newApp(test.storage);
      const t = clock(1_800_000_000_000);
      const keys = service(t.now);
      const key = await keys.signingKey(appId, "static");
      expect(key.kid).toMatch(/^s-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      t.set(t.now() + 1000 * INTERVAL);
      expect((await keys.signingKey(appId, "static")).kid).toBe(key.kid);
      const stored = await test.storage.signingKeys.listStatic(appId);
      expect(stored).toEqual([expect.objectContaining({ keyId: key.kid, algorithm: "RS256" })]);
    });

    it("ends with one key when several replicas create it at once", async () => {
      const appId = await newApp(test.storage);
      const t = clock(1_800_000_000_000);
      const otherStorage = openTestStorage(test.database);
      const replicas = [service(t.now), service(t.now), service(t.now, undefined, otherStorage)];
      const keys = await Promise.all(
        replicas.flatMap((r) => [r.signingKey(appId, "static"), r.signingKey(appId, "static")]),
      );
      expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
      expect(await test.storage.signingKeys.listStatic(appId)).toHaveLength(1);
      await otherStorage.close();
    });
  });

  describe("verificationKey", () => {
    it("returns the public key of a known kid", async () => {
      const appId = await newApp(test.storage);
      const keys = service(() => 1_800_000_000_000);
      const dynamic = await keys.signingKey(appId, "dynamic");
      const fixed = await keys.signingKey(appId, "static");
      expect(signsFor(dynamic, (await keys.verificationKey(appId, dynamic.kid))!)).toBe(true);
      expect(signsFor(fixed, (await keys.verificationKey(appId, fixed.kid))!)).toBe(true);
    });

    it("returns undefined for unknown, malformed or other apps' kids", async () => {
      const appId = await newApp(test.storage);
      const otherApp = await newApp(test.storage);
      const keys = service(() => 1_800_000_000_000, { unknownKidReloadCooldownMs: 0 });
      const key = await keys.signingKey(appId, "dynamic");
      expect(await keys.verificationKey(appId, "d-1799999999999")).toBeUndefined();
      expect(await keys.verificationKey(appId, `s-${randomUUID()}`)).toBeUndefined();
      expect(await keys.verificationKey(appId, "garbage")).toBeUndefined();
      expect(await keys.verificationKey(appId, "d-12abc")).toBeUndefined();
      expect(await keys.verificationKey(otherApp, key.kid)).toBeUndefined();
    });

    it("finds a key another replica made after this one cached its keys", async () => {
      const appId = await newApp(test.storage);
      const t = clock(1_800_000_000_000);
      const replicaA = service(t.now, { unknownKidReloadCooldownMs: 0 });
      const replicaB = service(t.now, undefined, test.storage);
      await replicaA.signingKey(appId, "dynamic"); // A caches the dynamic key only
      const fixed = await replicaB.signingKey(appId, "static");
      expect(await replicaA.verificationKey(appId, fixed.kid)).toBeDefined();
    });

    it("re-reads storage at most once per cooldown for a flood of unknown kids", async () => {
      const appId = await newApp(test.storage);
      let reads = 0;
      const counting: Storage = {
        ...test.storage,
        signingKeys: {
          ...test.storage.signingKeys,
          listDynamic: (id) => {
            reads++;
            return test.storage.signingKeys.listDynamic(id);
          },
        },
      };
      const keys = createSigningKeyService(counting, config, () => 1_800_000_000_000, {
        unknownKidReloadCooldownMs: 3_600_000,
      });
      await keys.signingKey(appId, "dynamic");
      const before = reads;
      for (let i = 0; i < 50; i++) {
        expect(await keys.verificationKey(appId, `s-${randomUUID()}`)).toBeUndefined();
      }
      expect(reads - before).toBe(1);
    });

    it("reads legacy keys stored with ';' between the halves", async () => {
      const appId = await newApp(test.storage);
      const createdAt = 1_800_000_000_000;
      const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const spki = pair.publicKey.export({ format: "der", type: "spki" }).toString("base64");
      const pkcs8 = pair.privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
      await test.storage.signingKeys.addDynamic(appId, { createdAt, value: `${spki};${pkcs8}` });
      const keys = service(() => createdAt + 1000);
      const key = await keys.signingKey(appId, "dynamic");
      expect(key.kid).toBe(`d-${createdAt}`);
      expect(signsFor(key, pair.publicKey)).toBe(true);
      expect(await keys.verificationKey(appId, `d-${createdAt}`)).toBeDefined();
    });

    it("returns undefined for a dynamic key past interval + 2 × access_token_validity", async () => {
      const appId = await newApp(test.storage);
      const start = 1_800_000_000_000;
      const t = clock(start);
      const keys = service(t.now);
      const first = await keys.signingKey(appId, "dynamic");
      t.set(start + INTERVAL + 2 * VALIDITY - 1);
      expect(await keys.verificationKey(appId, first.kid)).toBeDefined();
      t.set(start + INTERVAL + 2 * VALIDITY);
      expect(await keys.verificationKey(appId, first.kid)).toBeUndefined();
    });
  });

  describe("jwks", () => {
    it("lists RSA JWKs that verify the keys' signatures: dynamic keys, then static keys", async () => {
      const appId = await newApp(test.storage);
      const keys = service(() => 1_800_000_000_000);
      const dynamic = await keys.signingKey(appId, "dynamic");
      const fixed = await keys.signingKey(appId, "static");
      const { keys: jwks } = await keys.jwks(appId);
      expect(jwks.map((k) => k.kid)).toEqual([dynamic.kid, fixed.kid]);
      for (const [jwk, key] of [
        [jwks[0], dynamic],
        [jwks[1], fixed],
      ] as const) {
        expect(Object.keys(jwk).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
        expect(jwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", e: "AQAB" });
        expect(signsFor(key, createPublicKey({ key: jwk, format: "jwk" }))).toBe(true);
      }
    });

    it("creates the first dynamic key when none exists", async () => {
      const appId = await newApp(test.storage);
      const { keys } = await service(() => 1_800_000_000_000).jwks(appId);
      expect(keys).toHaveLength(1);
      expect(keys[0].kid).toBe("d-1800000000000");
    });

    it("drops dynamic keys whose verification window is over", async () => {
      const appId = await newApp(test.storage);
      const start = 1_800_000_000_000;
      const t = clock(start);
      const keys = service(t.now);
      const first = await keys.signingKey(appId, "dynamic");
      t.set(start + INTERVAL + 2 * VALIDITY - 1);
      expect((await keys.jwks(appId)).keys.map((k) => k.kid)).toContain(first.kid);
      t.set(start + INTERVAL + 2 * VALIDITY);
      expect((await keys.jwks(appId)).keys.map((k) => k.kid)).not.toContain(first.kid);
    });

    it("sets max-age to the time left until the next key is made, at least 1 s", async () => {
      const appId = await newApp(test.storage);
      const start = 1_800_000_000_000;
      const t = clock(start);
      const keys = service(t.now);
      await keys.signingKey(appId, "dynamic");
      t.set(start + 1500);
      expect((await keys.jwks(appId)).maxAgeSeconds).toBe(Math.floor((INTERVAL - OVERLAP - 1500) / 1000));
      t.set(start + INTERVAL - OVERLAP - 500);
      expect((await keys.jwks(appId)).maxAgeSeconds).toBe(1);
    });
  });
});
