/** The http transport against a real core over real HTTP (packages/core's startTestCore). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestCore, type TestCore } from "../../../core/test/support/core";
import supertokens from "../../src/index";
import { getCoreClient } from "../../src/core-client";
import SuperTokens from "../../src/supertokens";
import { baseAppInfo, testRecipe } from "../support/test-recipe";

const API_KEY = "sdk-test-key-0123456789-abcdef";
let core: TestCore;

beforeAll(async () => {
  core = await startTestCore({ engine: "sqlite", config: { api_keys: [API_KEY] } });
});

afterAll(async () => {
  await core?.close();
});

afterEach(() => SuperTokens.reset());

function initWith(apiKey: string | undefined): void {
  supertokens.init({
    supertokens: { connectionURI: core.url, apiKey },
    appInfo: baseAppInfo,
    recipeList: [testRecipe({ recipeId: "session", apis: [] })],
  });
}

describe("http transport against the core: handshake", () => {
  it("negotiates 5.4 and creates a session", async () => {
    initWith(API_KEY);
    const created = await getCoreClient("session").post<{
      status: string;
      session: { handle: string; userId: string };
    }>("/public/recipe/session", {
      userId: "user-1",
      userDataInJWT: {},
      userDataInDatabase: {},
      enableAntiCsrf: false,
      useDynamicSigningKey: true,
    });
    expect(created.status).toBe("OK");
    expect(created.session.userId).toBe("user-1");
  });

  it("surfaces the core's 401 for a wrong api key in the official message format", async () => {
    initWith("wrong-key-0123456789-0123456789");
    await expect(getCoreClient("session").post("/public/recipe/session", { userId: "u" })).rejects.toThrow(
      /^SuperTokens core threw an error for a GET request to path: '\/apiversion' with status code: 401 and message: /,
    );
  });

  it("surfaces a 400 for bad input with the core's message", async () => {
    initWith(API_KEY);
    await expect(getCoreClient("session").post("/public/recipe/session", { userId: "" })).rejects.toThrow(
      /^SuperTokens core threw an error for a POST request to path: '\/public\/recipe\/session' with status code: 400 and message: .*userId/,
    );
  });
});

describe("http transport against the core: getJWKS", () => {
  it("reads the core's RS256 keys and max-age without an api key", async () => {
    initWith(API_KEY);
    const jwks = await getCoreClient().getJWKS();
    expect(jwks.keys.length).toBeGreaterThan(0);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(typeof jwks.maxAgeSeconds).toBe("number");
  });
});
