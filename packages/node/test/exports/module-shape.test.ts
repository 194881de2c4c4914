/**
 * docs/protocol/sdk-surface.md §1.1: default, namespace and named imports work from ESM, CommonJS and TypeScript
 * (with and without esModuleInterop), for the root and the subpaths, in their `/index(.js)`
 * forms too. Runs the built package (dist/) in separate `node` processes, as users would.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "../../../..");
const packageDir = path.resolve(__dirname, "../..");
const tscBin = path.join(repoRoot, "node_modules/typescript/bin/tsc");
const execFileAsync = promisify(execFile);
let tempDir: string;

function runNode(args: string[], cwd = repoRoot): string {
  return execFileSync(process.execPath, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
}

function runESM(source: string): unknown {
  return JSON.parse(runNode(["--input-type=module", "-e", source]));
}

function runCJS(source: string): unknown {
  return JSON.parse(runNode(["-e", source]));
}

beforeAll(() => {
  if (
    !existsSync(path.join(packageDir, "dist/index.js")) ||
    !existsSync(path.join(packageDir, "dist/entry/framework/express.js"))
  ) {
    throw new Error("packages/node is not built: run `npx tsc -b packages/node` first (npm test does)");
  }
  tempDir = mkdtempSync(path.join(os.tmpdir(), "portcullis-exports-"));
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(tempDir, "node_modules"), "dir");
});

afterAll(() => {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

describe("package root from ESM", () => {
  it("gives the same init through default, namespace and named imports", () => {
    const result = runESM(`
      import supertokens, * as ns from "@portcullis/node";
      import { init, Error as STError, RecipeUserId, getUser } from "@portcullis/node";
      console.log(JSON.stringify({
        init: [typeof supertokens.init, supertokens.init === init, ns.init === init, ns.default.init === init],
        error: [typeof STError, supertokens.Error === STError, ns.default.Error === STError],
        other: [typeof RecipeUserId, typeof getUser, typeof supertokens.getUser],
      }));`);
    expect(result).toEqual({
      init: ["function", true, true, true],
      error: ["function", true, true],
      other: ["function", "function", "function"],
    });
  });

  it("resolves the /index and /index.js forms to the same module", () => {
    const result = runESM(`
      import * as a from "@portcullis/node";
      import * as b from "@portcullis/node/index";
      import * as c from "@portcullis/node/index.js";
      console.log(JSON.stringify([a.init === b.init, b.init === c.init]));`);
    expect(result).toEqual([true, true]);
  });
});

describe("package root from CommonJS", () => {
  it("carries the named members, default and __esModule", () => {
    const result = runCJS(`
      const st = require("@portcullis/node");
      console.log(JSON.stringify([st.__esModule, typeof st.init, st.default.init === st.init, st.default.Error === st.Error,
        typeof st.default.getAllCORSHeaders, typeof st.convertToRecipeUserId]));`);
    expect(result).toEqual([true, "function", true, true, "function", "function"]);
  });
});

describe("subpaths", () => {
  it("serves framework/express in every form, ESM and CJS", () => {
    const esm = runESM(`
      import express, * as ns from "@portcullis/node/framework/express";
      import { middleware } from "@portcullis/node/framework/express/index.js";
      import * as viaIndex from "@portcullis/node/framework/express/index";
      console.log(JSON.stringify([typeof express.middleware, ns.middleware === middleware, viaIndex.errorHandler === ns.errorHandler,
        typeof ns.default.wrapRequest]));`);
    expect(esm).toEqual(["function", true, true, "function"]);
    const cjs = runCJS(`
      const ex = require("@portcullis/node/framework/express");
      console.log(JSON.stringify([ex.__esModule, typeof ex.middleware, ex.default.middleware === ex.middleware,
        require("@portcullis/node/framework/express/index.js").middleware === ex.middleware]));`);
    expect(cjs).toEqual([true, "function", true, true]);
  });

  it("serves lib/build deep imports used in the wild", () => {
    const result = runCJS(`
      const RecipeUserId = require("@portcullis/node/lib/build/recipeUserId").default;
      const { User } = require("@portcullis/node/lib/build/user");
      const { middleware } = require("@portcullis/node/lib/build/framework/express/framework");
      console.log(JSON.stringify([new RecipeUserId("r1").getAsString(), typeof User, typeof middleware]));`);
    expect(result).toEqual(["r1", "function", "function"]);
  });

  it("does not expose files outside the public entries", () => {
    expect(() => runCJS(`require("@portcullis/node/supertokens"); console.log("[]")`)).toThrow(
      /Cannot find module/,
    );
  });
});

describe("TypeScript consumers", () => {
  const source = `
import supertokens from "@portcullis/node";
import * as ns from "@portcullis/node";
import { init } from "@portcullis/node";
import { middleware, errorHandler, type SessionRequest } from "@portcullis/node/framework/express";
import type { SuperTokensConfig } from "@portcullis/node/types";
const config: SuperTokensConfig = { appInfo: { appName: "a", apiDomain: "localhost:1", websiteDomain: "localhost:2" }, recipeList: [] };
const forms: string[] = [typeof supertokens.init, typeof ns.init, typeof init, typeof middleware, typeof errorHandler];
const req: SessionRequest | undefined = undefined;
void config; void req;
console.log(JSON.stringify(forms));
`;

  it.each([
    ["commonjs", "node10", false],
    ["commonjs", "node10", true],
    ["node16", "node16", false],
    ["node16", "node16", true],
  ])(
    "type-checks and runs with module %s, moduleResolution %s, esModuleInterop %s",
    async (module, moduleResolution, esModuleInterop) => {
      const dir = mkdtempSync(path.join(tempDir, "ts-"));
      symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
      writeFileSync(path.join(dir, "main.ts"), source);
      writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          // skipLibCheck as most apps have it: the imports of main.ts are still fully resolved and checked.
          compilerOptions: {
            module,
            moduleResolution,
            esModuleInterop,
            strict: true,
            target: "ES2022",
            outDir: "out",
            types: ["node"],
            skipLibCheck: true,
          },
          files: ["main.ts"],
        }),
      );
      try {
        await execFileAsync(process.execPath, [tscBin, "-p", dir], { cwd: dir, encoding: "utf8" });
      } catch (err) {
        throw new Error(`tsc failed:\n${(err as { stdout?: string }).stdout}`);
      }
      const { stdout } = await execFileAsync(process.execPath, [path.join(dir, "out/main.js")], {
        cwd: dir,
        encoding: "utf8",
      });
      expect(JSON.parse(stdout)).toEqual(["function", "function", "function", "function", "function"]);
    },
    120_000,
  );
});
