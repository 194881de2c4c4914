/**
 * docs/protocol/sdk-surface.md §1.1: every module path supertokens-node 24.0.3's `exports` map
 * serves either resolves and loads here, under the same path of `@portcullis/node`, or is a row of
 * the "Not yet here" table in packages/node/README.md; the table lists exactly those paths.
 *
 * The paths are derived from the installed supertokens-node: each pattern of its `exports` is
 * expanded against the files its package really has, and each derived path is checked against
 * Node's and TypeScript's own resolution of supertokens-node, so the list is the one its users see.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "../../../..");
const packageDir = path.resolve(__dirname, "../..");
const requireFromRepo = createRequire(path.join(repoRoot, "package.json"));
const officialDir = path.dirname(requireFromRepo.resolve("supertokens-node"));

/**
 * The `lib/build/…` deep imports user code and SuperTokens' tooling really use
 * (docs/protocol/sdk-surface.md §1.1): each is checked on its own. Every other `lib/` path is
 * internal to supertokens-node and is covered by one README row with its count.
 */
const LIB_PATHS_IN_USE = [
  "lib/build/recipeUserId",
  "lib/build/user",
  "lib/build/types",
  "lib/build/processState",
  "lib/build/framework/express/framework",
  "lib/build/recipe/thirdparty/types",
  "lib/build/ingredients/smsdelivery/services/twilio",
];

/** One module of supertokens-node and every subpath that reaches it (`x`, `x/index`, `x/index.js`, `x.js`). */
interface OfficialModule {
  /** Its shortest subpath, as the README names it (`.` for the root). */
  name: string;
  subpaths: string[];
  /** Package-relative files the `default` and `types` conditions lead to. */
  runtimeFile?: string;
  typesFile?: string;
}

type ExportTarget = { types?: string; default?: string };

function filesOf(dir: string, relative = "."): string[] {
  return readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const child = `${relative}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : filesOf(dir, child);
    return [child];
  });
}

/** Subpath → the files each condition leads to, for every subpath the `exports` map serves. */
function expandExports(exportsMap: Record<string, ExportTarget>, files: string[]) {
  const subpaths = new Map<string, { runtimeFile?: string; typesFile?: string }>();
  const add = (key: string, condition: "runtimeFile" | "typesFile", file: string) => {
    const subpath = key === "." ? "." : key.slice(2);
    subpaths.set(subpath, { ...subpaths.get(subpath), [condition]: file.slice(2) });
  };
  for (const [key, target] of Object.entries(exportsMap)) {
    for (const [condition, pattern] of [
      ["runtimeFile", target.default],
      ["typesFile", target.types],
    ] as const) {
      if (pattern === undefined) continue;
      if (!key.includes("*")) {
        if (files.includes(pattern)) add(key, condition, pattern);
        continue;
      }
      const [prefix, suffix] = pattern.split("*") as [string, string];
      for (const file of files) {
        if (file.length <= prefix.length + suffix.length) continue;
        if (!file.startsWith(prefix) || !file.endsWith(suffix)) continue;
        add(key.replace("*", file.slice(prefix.length, file.length - suffix.length)), condition, file);
      }
    }
  }
  return subpaths;
}

function officialModules(): OfficialModule[] {
  const manifest = JSON.parse(readFileSync(path.join(officialDir, "package.json"), "utf8")) as {
    version: string;
    exports: Record<string, ExportTarget>;
  };
  expect(manifest.version).toBe("24.0.3");
  const byFile = new Map<string, OfficialModule>();
  for (const [subpath, files] of expandExports(manifest.exports, filesOf(officialDir))) {
    const id = (files.runtimeFile ?? files.typesFile)!.replace(/(\.d\.ts|\.js)$/, "");
    const module = byFile.get(id) ?? { name: subpath, subpaths: [], ...files };
    module.subpaths.push(subpath);
    if (subpath.length < module.name.length) module.name = subpath;
    byFile.set(id, module);
  }
  return [...byFile.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function specifier(packageName: string, subpath: string): string {
  return subpath === "." ? packageName : `${packageName}/${subpath}`;
}

const RESOLUTIONS = {
  node16: { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
  node10: { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 },
};

function typesResolution(moduleName: string, mode: keyof typeof RESOLUTIONS): string | undefined {
  const resolved = ts.resolveModuleName(
    moduleName,
    path.join(repoRoot, "probe.ts"),
    RESOLUTIONS[mode],
    ts.sys,
  );
  return resolved.resolvedModule?.resolvedFileName;
}

type Here = "present" | "absent" | { inconsistent: string };

/** "absent" when Node finds no such module (no exports entry or no file behind it); why not otherwise. */
function runtimeStatus(name: string): "absent" | "loads" | string {
  try {
    requireFromRepo.resolve(name);
  } catch (err) {
    const code = (err as { code?: string }).code;
    return code === "MODULE_NOT_FOUND" || code === "ERR_PACKAGE_PATH_NOT_EXPORTED" ? "absent" : String(err);
  }
  try {
    requireFromRepo(name);
    return "loads";
  } catch (err) {
    return `resolves but does not load: ${String(err)}`;
  }
}

/** Whether a subpath works here: Node resolves and loads it, TypeScript finds its declarations. */
function statusHere(subpath: string, official: OfficialModule): Here {
  const name = specifier("@portcullis/node", subpath);
  const runtime = runtimeStatus(name);
  const types = (["node16", "node10"] as const).map((mode) => typesResolution(name, mode));
  const typesFound = types.filter((file) => file?.endsWith(".d.ts")).length;
  // A path supertokens-node serves for TypeScript only must be a type path here; any other must load too.
  const runtimeOk = official.runtimeFile === undefined || runtime === "loads";
  if (runtimeOk && typesFound === 2) return "present";
  if (runtime === "absent" && types.every((file) => file === undefined)) return "absent";
  return { inconsistent: `runtime: ${runtime}; types: ${types.join(", ")}` };
}

/** The "Not yet here" table: each row's area and the path written in backticks in its second cell. */
function notYetTable(): Array<{ area: string; cell: string }> {
  const readme = readFileSync(path.join(packageDir, "README.md"), "utf8").split("\n");
  const heading = readme.findIndex((line) => /^#+ Not yet here/.test(line));
  expect(heading, "README.md has a 'Not yet here' heading").toBeGreaterThan(0);
  const start = readme.findIndex((line, i) => i > heading && line.startsWith("|"));
  const rows: string[] = [];
  for (let i = start; i < readme.length && readme[i]!.startsWith("|"); i++) rows.push(readme[i]!);
  return rows.slice(2).map((row) => {
    const [area, cell] = row
      .split("|")
      .slice(1, 3)
      .map((c) => c.trim()) as [string, string];
    return { area, cell };
  });
}

function areaOf(modulePath: string): string {
  const [top, second] = modulePath.split("/");
  if (top === "recipe") return second!;
  return top === "framework" || top === "lib" ? top : modulePath;
}

describe("supertokens-node's module map", () => {
  let modules: OfficialModule[];
  let here: Map<string, Here>;

  beforeAll(() => {
    if (!existsSync(path.join(packageDir, "dist/entry/recipe/session/types.js"))) {
      throw new Error("packages/node is not built: run `npx tsc -b packages/node` first (npm test does)");
    }
    modules = officialModules();
    here = new Map(
      modules.flatMap((module) => module.subpaths.map((subpath) => [subpath, statusHere(subpath, module)])),
    );
  });

  it("is derived as supertokens-node's own resolvers see it", () => {
    expect(modules.length).toBeGreaterThan(300);
    for (const module of modules) {
      for (const subpath of module.subpaths) {
        const name = specifier("supertokens-node", subpath);
        if (module.runtimeFile !== undefined) {
          expect({ name, file: requireFromRepo.resolve(name) }).toEqual({
            name,
            file: path.join(officialDir, module.runtimeFile),
          });
        }
        if (module.typesFile !== undefined) {
          expect({ name, file: typesResolution(name, "node16") }).toEqual({
            name,
            file: path.join(officialDir, module.typesFile),
          });
        }
      }
    }
    // The shapes §1.1 describes: a folder's three forms, a lib file's two, claims' two.
    const find = (name: string) => modules.find((module) => module.name === name)?.subpaths.sort();
    expect(find("recipe/session/framework/express")).toEqual([
      "recipe/session/framework/express",
      "recipe/session/framework/express/index",
      "recipe/session/framework/express/index.js",
    ]);
    expect(find("lib/build/recipeUserId")).toEqual(["lib/build/recipeUserId", "lib/build/recipeUserId.js"]);
    expect(find("recipe/session/claims")).toEqual(["recipe/session/claims", "recipe/session/claims.js"]);
    expect(find(".")).toEqual([".", "index", "index.js"]);
  });

  it("serves each module in all of its forms or in none", () => {
    const inconsistent = modules.flatMap((module) =>
      module.subpaths
        .map((subpath) => ({ subpath, status: here.get(subpath)! }))
        .filter(({ status }) => status !== here.get(module.name)! || typeof status === "object"),
    );
    expect(inconsistent).toEqual([]);
  });

  it("lists in the README exactly the modules not served here", () => {
    const absent = modules
      .filter((module) => here.get(module.name) === "absent")
      .map((module) => module.name);
    expect(LIB_PATHS_IN_USE.filter((name) => !modules.some((module) => module.name === name))).toEqual([]);
    const otherLib = absent.filter((name) => name.startsWith("lib/") && !LIB_PATHS_IN_USE.includes(name));
    const expectedRows = absent.filter((name) => !otherLib.includes(name));

    const rows = notYetTable();
    const ruleRows = rows.filter((row) => row.cell.startsWith("every other"));
    const pathRows = rows.filter((row) => !ruleRows.includes(row));
    const listed = pathRows.map((row) => /^`([^`]+)`$/.exec(row.cell)?.[1] ?? `unreadable row: ${row.cell}`);

    expect([...listed].sort()).toEqual([...expectedRows].sort());
    expect(new Set(listed).size).toBe(listed.length);
    expect(pathRows.map((row) => row.area)).toEqual(listed.map(areaOf));
    expect(ruleRows.map((row) => ({ area: row.area, cell: row.cell }))).toEqual([
      { area: "lib", cell: `every other \`lib/…\` path: ${otherLib.length} files` },
    ]);
  });

  it("states the current counts in the README", () => {
    const readme = readFileSync(path.join(packageDir, "README.md"), "utf8");
    const count = (pattern: RegExp) => Number(pattern.exec(readme)?.[1]);
    const countOf = (status: Here) => modules.filter((module) => here.get(module.name) === status).length;
    expect({
      served: count(/(\d+)\s+of\s+the\s+\d+\s+modules/),
      total: count(/\d+\s+of\s+the\s+(\d+)\s+modules/),
      notYet: count(/The\s+other\s+(\d+)\s+are\s+listed/),
      lib: count(/onto\s+every\s+file\s+under\s+`lib\/`:\s+(\d+)\s+modules/),
    }).toEqual({
      served: countOf("present"),
      total: modules.length,
      notYet: countOf("absent"),
      lib: modules.filter((module) => module.name.startsWith("lib/")).length,
    });
  });

  it("groups the README rows by recipe or area", () => {
    const areas = notYetTable().map((row) => row.area);
    const seen = new Set<string>();
    const split = areas.filter((area, i) => {
      const reopened = seen.has(area) && areas[i - 1] !== area;
      seen.add(area);
      return reopened;
    });
    expect(split).toEqual([]);
  });
});
