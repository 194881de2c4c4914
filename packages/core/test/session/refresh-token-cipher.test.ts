import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  REFRESH_TOKEN_KEY_NAME,
  RefreshTokenCipher,
  type RefreshTokenContent,
} from "../../src/recipe/session/refresh-token";
import { createTestStorage, testEngines, type TestStorage } from "../support/databases";

const content: RefreshTokenContent = {
  sessionHandle: "h",
  userId: "u",
  nonce: "n",
  parentRefreshTokenHash2: "p",
  antiCsrfToken: "a",
};

describe.each(testEngines())("RefreshTokenCipher (%s)", (engine) => {
  let db: TestStorage;
  beforeAll(async () => {
    db = await createTestStorage(engine);
  });
  afterAll(() => db.cleanup());

  it("replicas starting together agree on one key, stored once in key_value", async () => {
    const replicas = Array.from({ length: 4 }, () => new RefreshTokenCipher(() => db.storage.keyValue));
    const tokens = await Promise.all(replicas.map((replica) => replica.seal("public", content)));
    for (const token of tokens) {
      for (const replica of replicas) expect(await replica.open("public", token)).toEqual(content);
    }
    expect(await db.storage.keyValue.get("public", "public", REFRESH_TOKEN_KEY_NAME)).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });

  it("never puts the content in the clear into the token", async () => {
    const cipher = new RefreshTokenCipher(() => db.storage.keyValue);
    const token = await cipher.seal("public", { ...content, sessionHandle: "very-visible-handle" });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.p1$/);
    expect(Buffer.from(token.slice(0, -3), "base64url").toString("latin1")).not.toContain(
      "very-visible-handle",
    );
  });

  it("rejects a token of another app (the app id is authenticated data)", async () => {
    await db.storage.tenants.create("other-app", "public", Date.now());
    const cipher = new RefreshTokenCipher(() => db.storage.keyValue);
    const token = await cipher.seal("public", content);
    expect(await cipher.open("other-app", token)).toBeUndefined();
    expect(await cipher.open("other-app", await cipher.seal("other-app", content))).toEqual(content);
  });

  it("rejects a token sealed with another key", async () => {
    const other = await createTestStorage(engine);
    try {
      const foreign = await new RefreshTokenCipher(() => other.storage.keyValue).seal("public", content);
      expect(await new RefreshTokenCipher(() => db.storage.keyValue).open("public", foreign)).toBeUndefined();
    } finally {
      await other.cleanup();
    }
  });
});
