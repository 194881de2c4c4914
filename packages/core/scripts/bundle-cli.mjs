// Bundles the CLI into one file (dist/portcullis-core.js). Start time is mostly module loading
// (kysely alone is hundreds of files); one file starts in roughly half the time. Native and
// optional-engine modules stay external: better-sqlite3 (a native addon) and pg (loaded only
// when PostgreSQL is configured).
import { build } from "esbuild";
import { fileURLToPath, URL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ["src/cli.ts"],
  outfile: "dist/portcullis-core.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["better-sqlite3", "pg"],
  sourcemap: true,
  logLevel: "warning",
});
