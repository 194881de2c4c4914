/**
 * Bundles the official frontend SDK (supertokens-web-js, with supertokens-website underneath) and
 * the page's test driver into one browser script with esbuild. The packages' own `bundle/`
 * folder holds webpack chunks with hashed names that expect a page-level loader; one IIFE built
 * from the npm entry points is simpler and uses exactly the installed versions.
 */
import path from "node:path";

export async function bundleFrontend(entryFile: string): Promise<string> {
  // esbuild ships with tsx (a root devDependency); required lazily so that a skipped browser
  // test costs nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild") as typeof import("esbuild");
  const result = await esbuild.build({
    entryPoints: [entryFile],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    write: false,
    logLevel: "silent",
    absWorkingDir: path.resolve(__dirname, "../.."),
  });
  return result.outputFiles[0]!.text;
}
