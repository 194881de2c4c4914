/**
 * docs/protocol/sdk-surface.md §1.1, §1.5: the type-only paths (`types`, `lib/build/types`,
 * `recipe/session/types`, `recipe/passwordless/types`) export every name supertokens-node 24.0.3's
 * do, and override code written against them as SuperTokens' docs write it compiles unchanged when
 * `supertokens-node` is an npm alias of this package. Runs the built package (dist/).
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "../../../..");
const packageDir = path.resolve(__dirname, "../..");
const tscBin = path.join(repoRoot, "node_modules/typescript/bin/tsc");
const execFileAsync = promisify(execFile);
const requireFromRepo = createRequire(path.join(repoRoot, "package.json"));

const TYPE_MODULES = ["types", "lib/build/types", "recipe/session/types", "recipe/passwordless/types"];

let tempDir: string;

beforeAll(() => {
  if (!existsSync(path.join(packageDir, "dist/entry/recipe/session/types.js"))) {
    throw new Error("packages/node is not built: run `npx tsc -b packages/node` first (npm test does)");
  }
  tempDir = mkdtempSync(path.join(os.tmpdir(), "portcullis-type-modules-"));
  mkdirSync(path.join(tempDir, "probe"));
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(tempDir, "probe/node_modules"), "dir");
});

afterAll(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

/** The names TypeScript sees exported by each module specifier, read through one program. */
function exportedNames(specifiers: string[]): Map<string, string[]> {
  const probe = path.join(tempDir, "probe/names.ts");
  writeFileSync(probe, specifiers.map((s, i) => `import * as m${i} from "${s}";`).join("\n"));
  const program = ts.createProgram([probe], {
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const imports = program.getSourceFile(probe)!.statements.filter(ts.isImportDeclaration);
  const names = new Map<string, string[]>();
  imports.forEach((declaration, i) => {
    const moduleSymbol = checker.getSymbolAtLocation(declaration.moduleSpecifier);
    if (!moduleSymbol) throw new Error(`TypeScript cannot resolve ${specifiers[i]}`);
    names.set(
      specifiers[i]!,
      checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name),
    );
  });
  return names;
}

function runtimeExports(specifier: string): Record<string, unknown> {
  return requireFromRepo(specifier) as Record<string, unknown>;
}

describe("the type-only paths", () => {
  let names: Map<string, string[]>;
  beforeAll(() => {
    names = exportedNames(TYPE_MODULES.flatMap((p) => [`supertokens-node/${p}`, `@portcullis/node/${p}`]));
  });

  it.each(TYPE_MODULES)("%s exports every name supertokens-node's does", (modulePath) => {
    const theirs = names.get(`supertokens-node/${modulePath}`)!;
    const ours = new Set(names.get(`@portcullis/node/${modulePath}`)!);
    // Their .d.ts declares a `default` that their runtime stub never sets (checked below); ours has neither.
    const missing = theirs.filter((name) => name !== "default" && !ours.has(name));
    expect(theirs.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });

  it.each(TYPE_MODULES)("%s has supertokens-node's runtime exports and no default", (modulePath) => {
    const theirs = runtimeExports(`supertokens-node/${modulePath}`);
    const ours = runtimeExports(`@portcullis/node/${modulePath}`);
    expect(theirs.default).toBeUndefined();
    expect(ours.default).toBeUndefined();
    for (const [name, value] of Object.entries(theirs)) {
      expect({ name, type: typeof ours[name] }).toEqual({ name, type: typeof value });
    }
  });

  it("keeps runtime values equal to supertokens-node's and to our own classes", () => {
    expect(runtimeExports("@portcullis/node/types").nonPublicConfigProperties).toEqual(
      runtimeExports("supertokens-node/types").nonPublicConfigProperties,
    );
    expect(runtimeExports("@portcullis/node/recipe/session/types").SessionClaim).toBe(
      runtimeExports("@portcullis/node/recipe/session/claims").SessionClaim,
    );
  });
});

/**
 * Override code as SuperTokens' docs write it, importing `supertokens-node`: the consumer's
 * node_modules maps that name to this package (`npm install supertokens-node@npm:@portcullis/node`).
 * Each `@ts-expect-error` proves a type is precise, not `any`: tsc fails if the line compiles.
 */
const overrideCode = `
import SuperTokens from "supertokens-node";
import Session from "supertokens-node/recipe/session";
import Passwordless from "supertokens-node/recipe/passwordless";
import { RecipeInterface, APIInterface, SessionContainerInterface, SessionClaim } from "supertokens-node/recipe/session/types";
import type {
  APIInterface as PasswordlessAPIInterface,
  RecipeInterface as PasswordlessRecipeInterface,
} from "supertokens-node/recipe/passwordless/types";
import type { User, GeneralErrorResponse, UserContext, JSONObject, RecipeListFunction } from "supertokens-node/types";
import { TypeInput, nonPublicConfigProperties } from "supertokens-node/types";
import type { TypeInput as LegacyTypeInput } from "supertokens-node/lib/build/types";

const signUps: string[] = [];

async function onNewUser(user: User, userContext: UserContext): Promise<void> {
  // @ts-expect-error a user id is a string
  const wrong: number = user.id;
  void wrong;
  signUps.push(user.loginMethods[0]!.recipeUserId.getAsString() + (userContext.source ?? ""));
}

function sessionFunctions(originalImplementation: RecipeInterface): RecipeInterface {
  return {
    ...originalImplementation,
    createNewSession: async function (input) {
      const extra: JSONObject = { role: "member" };
      input.accessTokenPayload = { ...input.accessTokenPayload, ...extra };
      return originalImplementation.createNewSession(input);
    },
    // @ts-expect-error RecipeInterface has no such function
    notARecipeFunction: () => true,
  };
}

function sessionApis(originalImplementation: APIInterface): APIInterface {
  return {
    ...originalImplementation,
    signOutPOST: async function (input) {
      if (originalImplementation.signOutPOST === undefined) throw Error("Should never come here");
      const session: SessionContainerInterface = input.session;
      console.error("signing out " + session.getUserId());
      return originalImplementation.signOutPOST(input);
    },
  };
}

function passwordlessApis(originalImplementation: PasswordlessAPIInterface): PasswordlessAPIInterface {
  return {
    ...originalImplementation,
    createCodePOST: async function (input) {
      if ("email" in input && input.email.endsWith("@blocked.example")) {
        const refusal: GeneralErrorResponse = { status: "GENERAL_ERROR", message: "This domain cannot sign up" };
        return refusal;
      }
      return originalImplementation.createCodePOST!(input);
    },
    consumeCodePOST: async function (input) {
      if (originalImplementation.consumeCodePOST === undefined) throw Error("Should never come here");
      const response = await originalImplementation.consumeCodePOST(input);
      if (response.status === "OK" && response.createdNewRecipeUser && response.user.loginMethods.length === 1) {
        await onNewUser(response.user, input.userContext);
      }
      return response;
    },
  };
}

function passwordlessFunctions(originalImplementation: PasswordlessRecipeInterface): PasswordlessRecipeInterface {
  return {
    ...originalImplementation,
    createCode: async function (input) {
      return originalImplementation.createCode({ ...input, userContext: { ...input.userContext, via: "override" } });
    },
  };
}

// @ts-expect-error a general error has no "OK" status
const notAnError: GeneralErrorResponse = { status: "OK", message: "" };
void notAnError;

const recipeList: RecipeListFunction[] = [
  Passwordless.init({
    contactMethod: "EMAIL_OR_PHONE",
    flowType: "USER_INPUT_CODE_AND_MAGIC_LINK",
    override: { apis: passwordlessApis, functions: passwordlessFunctions },
  }),
  Session.init({ override: { functions: sessionFunctions, apis: sessionApis } }),
];

export const backendConfig = (): TypeInput => ({
  framework: "custom",
  supertokens: { connectionURI: "memory:" },
  appInfo: {
    appName: "Docs app",
    apiDomain: "http://localhost:3001",
    websiteDomain: "http://localhost:3000",
    apiBasePath: "/api/auth",
    websiteBasePath: "/auth",
  },
  recipeList,
  isInServerlessEnv: true,
});
const legacy: LegacyTypeInput = backendConfig();

console.log(JSON.stringify({
  recipes: legacy.recipeList.length,
  init: typeof SuperTokens.init,
  sessionClaim: typeof SessionClaim,
  nonPublicConfigProperties,
}));
`;

describe("override code from SuperTokens' docs", () => {
  let consumerDir: string;

  beforeAll(() => {
    consumerDir = mkdtempSync(path.join(tempDir, "consumer-"));
    mkdirSync(path.join(consumerDir, "node_modules"));
    symlinkSync(packageDir, path.join(consumerDir, "node_modules/supertokens-node"), "dir");
    symlinkSync(
      path.join(repoRoot, "node_modules/@types"),
      path.join(consumerDir, "node_modules/@types"),
      "dir",
    );
    writeFileSync(path.join(consumerDir, "main.ts"), overrideCode);
  });

  it.each([
    ["commonjs", "node10", false],
    ["node16", "node16", true],
  ])(
    "type-checks and runs with module %s, moduleResolution %s, esModuleInterop %s",
    async (module, moduleResolution, esModuleInterop) => {
      const dir = mkdtempSync(path.join(consumerDir, "build-"));
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            module,
            moduleResolution,
            esModuleInterop,
            strict: true,
            target: "ES2022",
            outDir: "out",
            rootDir: consumerDir,
            types: ["node"],
            skipLibCheck: true,
          },
          files: ["../main.ts"],
        }),
      );
      try {
        await execFileAsync(process.execPath, [tscBin, "-p", dir], { cwd: dir, encoding: "utf8" });
      } catch (err) {
        throw new Error(`tsc failed:\n${(err as { stdout?: string }).stdout}`);
      }
      const { stdout } = await execFileAsync(process.execPath, [path.join(dir, "out/main.js")], {
        cwd: consumerDir,
        encoding: "utf8",
      });
      expect(JSON.parse(stdout)).toEqual({
        recipes: 2,
        init: "function",
        sessionClaim: "function",
        nonPublicConfigProperties: ["recipeList", "experimental"],
      });
    },
    120_000,
  );
});
