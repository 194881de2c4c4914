import { afterEach, describe, expect, it } from "vitest";
import supertokens, { getAllCORSHeaders, isRecipeInitialized } from "../../src/index";
import SuperTokens from "../../src/supertokens";
import { baseAppInfo, testRecipe } from "../support/test-recipe";

const recipe = testRecipe({ recipeId: "session", apis: [], corsHeaders: ["rid", "anti-csrf"] });
const http = { connectionURI: "http://localhost:3567" };

afterEach(() => SuperTokens.reset());

function initError(config: unknown): string {
  try {
    supertokens.init(config as Parameters<typeof supertokens.init>[0]);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("init accepted the config");
}

describe("init: appInfo validation", () => {
  it("requires appInfo", () => {
    expect(initError({ supertokens: http, recipeList: [recipe] })).toMatch(/appInfo is required/);
  });

  it("requires appName", () => {
    expect(
      initError({ supertokens: http, appInfo: { ...baseAppInfo, appName: "" }, recipeList: [recipe] }),
    ).toMatch(/appInfo\.appName must be a non-empty string \(got ''\)/);
  });

  it("requires a valid apiDomain", () => {
    expect(
      initError({ supertokens: http, appInfo: { ...baseAppInfo, apiDomain: "/api" }, recipeList: [recipe] }),
    ).toMatch(/appInfo\.apiDomain must be a domain .* \(got '\/api'\)/);
  });

  it("requires websiteDomain or origin", () => {
    expect(
      initError({
        supertokens: http,
        appInfo: { appName: "a", apiDomain: "localhost:3001" },
        recipeList: [recipe],
      }),
    ).toMatch(/appInfo needs websiteDomain \(or origin\)/);
  });

  it("rejects an apiBasePath without a leading slash, naming it", () => {
    expect(
      initError({
        supertokens: http,
        appInfo: { ...baseAppInfo, apiBasePath: "auth" },
        recipeList: [recipe],
      }),
    ).toContain("appInfo.apiBasePath must start with '/' (got 'auth')");
  });

  it("rejects a websiteBasePath without a leading slash", () => {
    expect(
      initError({
        supertokens: http,
        appInfo: { ...baseAppInfo, websiteBasePath: "login" },
        recipeList: [recipe],
      }),
    ).toContain("appInfo.websiteBasePath must start with '/' (got 'login')");
  });
});

describe("init: recipeList validation", () => {
  it("requires a non-empty recipeList", () => {
    expect(initError({ supertokens: http, appInfo: baseAppInfo, recipeList: [] })).toMatch(
      /recipeList must be a non-empty array/,
    );
  });

  it("names an undefined entry", () => {
    expect(initError({ supertokens: http, appInfo: baseAppInfo, recipeList: [recipe, undefined] })).toMatch(
      /recipeList\[1\] is undefined/,
    );
  });

  it("rejects the same recipe twice", () => {
    expect(initError({ supertokens: http, appInfo: baseAppInfo, recipeList: [recipe, recipe] })).toMatch(
      /'session' recipe twice/,
    );
  });

  it("rejects an unknown framework", () => {
    expect(
      initError({ supertokens: http, appInfo: baseAppInfo, recipeList: [recipe], framework: "rails" }),
    ).toMatch(/framework must be one of/);
  });
});

describe("init: supertokens connection validation", () => {
  it("rejects an empty connectionURI", () => {
    expect(
      initError({ supertokens: { connectionURI: "" }, appInfo: baseAppInfo, recipeList: [recipe] }),
    ).toMatch(/supertokens\.connectionURI must be a core address/);
  });

  it("rejects several hosts for an embedded database", () => {
    expect(
      initError({
        supertokens: { connectionURI: "sqlite:./a.db;sqlite:./b.db" },
        appInfo: baseAppInfo,
        recipeList: [recipe],
      }),
    ).toMatch(/embedded core takes one database/);
  });

  it("rejects core options for a remote core", () => {
    expect(
      initError({
        supertokens: { connectionURI: "http://localhost:3567", core: { access_token_validity: 10 } },
        appInfo: baseAppInfo,
        recipeList: [recipe],
      }),
    ).toMatch(/apply to an embedded core only/);
  });

  it("rejects an address that is neither a core nor a database", () => {
    expect(
      initError({ supertokens: { connectionURI: "mysql" }, appInfo: baseAppInfo, recipeList: [recipe] }),
    ).toMatch(/'mysql' is not a core address/);
  });

  it("rejects a non-function networkInterceptor", () => {
    expect(
      initError({
        supertokens: { ...http, networkInterceptor: 1 },
        appInfo: baseAppInfo,
        recipeList: [recipe],
      }),
    ).toMatch(/networkInterceptor must be a function/);
  });
});

describe("init: instance", () => {
  it("normalises appInfo once", () => {
    supertokens.init({
      supertokens: http,
      appInfo: {
        appName: "a",
        apiDomain: "API.example.com/",
        websiteDomain: "localhost:3000",
        apiBasePath: "/api/auth/",
        apiGatewayPath: "/gw/",
      },
      recipeList: [recipe],
    });
    const { appInfo } = SuperTokens.getInstanceOrThrow();
    expect(appInfo.apiDomain).toBe("https://api.example.com");
    expect(appInfo.getOrigin({ request: undefined, userContext: {} })).toBe("http://localhost:3000");
    expect(appInfo.apiBasePath).toBe("/gw/api/auth");
    expect(appInfo.apiGatewayPath).toBe("/gw");
    expect(appInfo.websiteBasePath).toBe("/auth");
    expect(SuperTokens.getInstanceOrThrow().routingBasePath).toBe("/api/auth");
  });

  it("defaults apiBasePath and websiteBasePath to /auth", () => {
    supertokens.init({ supertokens: http, appInfo: baseAppInfo, recipeList: [recipe] });
    const { appInfo } = SuperTokens.getInstanceOrThrow();
    expect([appInfo.apiBasePath, appInfo.websiteBasePath, appInfo.apiGatewayPath]).toEqual([
      "/auth",
      "/auth",
      "",
    ]);
  });

  it("calls an origin function per request and normalises its answer", () => {
    supertokens.init({
      supertokens: http,
      appInfo: {
        appName: "a",
        apiDomain: "localhost:3001",
        origin: ({ userContext }) => userContext.site as string,
      },
      recipeList: [recipe],
    });
    const { appInfo } = SuperTokens.getInstanceOrThrow();
    expect(appInfo.getOrigin({ request: undefined, userContext: { site: "shop.example.com" } })).toBe(
      "https://shop.example.com",
    );
    expect(() => appInfo.getOrigin({ request: undefined, userContext: { site: "/nope" } })).toThrow(
      /appInfo\.origin\(\) must return a domain/,
    );
  });

  it("ignores a second init", () => {
    supertokens.init({ supertokens: http, appInfo: baseAppInfo, recipeList: [recipe] });
    supertokens.init({
      supertokens: http,
      appInfo: { ...baseAppInfo, apiBasePath: "/other" },
      recipeList: [recipe],
    });
    expect(SuperTokens.getInstanceOrThrow().appInfo.apiBasePath).toBe("/auth");
  });

  it("defaults to the embedded SQLite file when supertokens is omitted", () => {
    supertokens.init({ appInfo: baseAppInfo, recipeList: [recipe] });
    const transport = SuperTokens.getInstanceOrThrow().coreTransport;
    expect(transport.constructor.name).toBe("EmbeddedTransport");
    expect((transport as unknown as { connection: { storage: unknown } }).connection.storage).toEqual({
      sqlite_path: "./.portcullis/auth.db",
    });
  });

  it("accepts telemetry, debug and isInServerlessEnv", () => {
    supertokens.init({
      supertokens: http,
      appInfo: baseAppInfo,
      recipeList: [recipe],
      telemetry: true,
      debug: true,
      isInServerlessEnv: true,
    });
    expect(SuperTokens.getInstanceOrThrow().isInServerlessEnv).toBe(true);
  });
});

describe("getAllCORSHeaders", () => {
  it("is the union of the recipes' headers", () => {
    supertokens.init({
      supertokens: http,
      appInfo: baseAppInfo,
      recipeList: [
        recipe,
        testRecipe({ recipeId: "emailpassword", apis: [], corsHeaders: ["anti-csrf", "x-extra"] }),
      ],
    });
    expect(getAllCORSHeaders()).toEqual(["rid", "anti-csrf", "x-extra"]);
  });
});

describe("isRecipeInitialized", () => {
  it("tells which recipes are in recipeList", () => {
    expect(isRecipeInitialized("session")).toBe(false);
    supertokens.init({ supertokens: http, appInfo: baseAppInfo, recipeList: [recipe] });
    expect(isRecipeInitialized("session")).toBe(true);
    expect(isRecipeInitialized("emailpassword")).toBe(false);
  });
});
