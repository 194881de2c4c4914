import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import supertokens from "../../src/index";
import { getCoreClient } from "../../src/core-client";
import SuperTokens from "../../src/supertokens";
import type { SuperTokensInfo } from "../../src/types";
import { baseAppInfo, testRecipe } from "../support/test-recipe";

const tempDir = mkdtempSync(path.join(os.tmpdir(), "portcullis-sdk-embedded-"));

afterEach(() => SuperTokens.resetAsync());
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function initWith(info: SuperTokensInfo): void {
  supertokens.init({
    supertokens: info,
    appInfo: baseAppInfo,
    recipeList: [testRecipe({ recipeId: "session", apis: [] })],
  });
}

const createBody = {
  userId: "user-1",
  userDataInJWT: { role: "admin" },
  userDataInDatabase: {},
  enableAntiCsrf: false,
  useDynamicSigningKey: true,
};

describe("embedded transport: memory:", () => {
  it("answers /apiversion through the core's handler", async () => {
    initWith({ connectionURI: "memory:" });
    const response = await getCoreClient().get<{ versions: string[] }>("/apiversion", {});
    expect(response.versions).toContain("5.4");
  });

  it("creates a session with /recipe/session", async () => {
    initWith({ connectionURI: "memory:" });
    const created = await getCoreClient("session").post<{
      status: string;
      session: { userId: string };
      accessToken: { token: string };
    }>("/public/recipe/session", createBody);
    expect(created.status).toBe("OK");
    expect(created.session.userId).toBe("user-1");
    expect(created.accessToken.token.split(".")).toHaveLength(3);
  });

  it("does not let the core keep or change the caller's body object", async () => {
    initWith({ connectionURI: "memory:" });
    const body = structuredClone(createBody);
    const created = await getCoreClient("session").post<{
      session: { userDataInJWT: Record<string, unknown> };
    }>("/public/recipe/session", body);
    created.session.userDataInJWT.role = "changed";
    expect(body).toEqual(createBody);
  });

  it("throws the official message for a 400", async () => {
    initWith({ connectionURI: "memory:" });
    await expect(
      getCoreClient("session").post("/public/recipe/session", { ...createBody, userId: "" }),
    ).rejects.toThrow(
      /^SuperTokens core threw an error for a POST request to path: '\/public\/recipe\/session' with status code: 400 and message: .*userId/,
    );
  });

  it("enforces the api key configured for the embedded core", async () => {
    initWith({ connectionURI: "memory:", core: { api_keys: ["embedded-key-0123456789-abcdef"] } });
    await expect(getCoreClient().get("/apiversion", {})).rejects.toThrow(/status code: 401/);
    SuperTokens.reset();
    initWith({
      connectionURI: "memory:",
      apiKey: "embedded-key-0123456789-abcdef",
      core: { api_keys: ["embedded-key-0123456789-abcdef"] },
    });
    await expect(getCoreClient().get("/apiversion", {})).resolves.toMatchObject({
      versions: expect.arrayContaining(["5.4"]),
    });
  });

  it("serves the core's JWKS", async () => {
    initWith({ connectionURI: "memory:" });
    const jwks = await getCoreClient().getJWKS();
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256" });
    expect(typeof jwks.maxAgeSeconds).toBe("number");
  });

  it("applies the core options given in init", async () => {
    initWith({ connectionURI: "memory:", core: { access_token_validity: 120 } });
    const created = await getCoreClient("session").post<{
      accessToken: { expiry: number; createdTime: number };
    }>("/public/recipe/session", createBody);
    expect(Math.round((created.accessToken.expiry - created.accessToken.createdTime) / 1000)).toBe(120);
  });
});

describe("embedded transport: coreConfigFile", () => {
  it("loads the file, with init's core options winning over it", async () => {
    const file = path.join(tempDir, "config.yaml");
    writeFileSync(file, "access_token_validity: 90\nrefresh_token_validity: 600\n");
    initWith({ connectionURI: "memory:", coreConfigFile: file, core: { refresh_token_validity: 700 } });
    const created = await getCoreClient("session").post<{
      accessToken: { expiry: number; createdTime: number };
      refreshToken: { expiry: number; createdTime: number };
    }>("/public/recipe/session", createBody);
    expect(Math.round((created.accessToken.expiry - created.accessToken.createdTime) / 1000)).toBe(90);
    expect(Math.round((created.refreshToken.expiry - created.refreshToken.createdTime) / 60_000)).toBe(700);
  });
});

describe("embedded transport: sqlite file", () => {
  it("creates the file (and its folder) and keeps sessions across restarts", async () => {
    const file = path.join(tempDir, "nested", "auth.db");
    initWith({ connectionURI: `sqlite:${file}` });
    const created = await getCoreClient("session").post<{ session: { handle: string } }>(
      "/public/recipe/session",
      createBody,
    );
    expect(existsSync(file)).toBe(true);
    await SuperTokens.resetAsync();

    initWith({ connectionURI: `sqlite:${file}` });
    const found = await getCoreClient("session").get<{ status: string; userId: string }>(
      "/public/recipe/session",
      {
        sessionHandle: created.session.handle,
      },
    );
    expect(found).toMatchObject({ status: "OK", userId: "user-1" });
  });
});
