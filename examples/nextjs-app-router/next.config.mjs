import path from "node:path";

const repositoryRoot = path.resolve(import.meta.dirname, "../..");

/** @type {import('next').NextConfig} */
export default {
  // The SDK (and the embedded core with its native SQLite addon) run as plain Node modules on
  // the server, not bundled: `supertokens-node` is a symlink to packages/node in this repository.
  serverExternalPackages: ["supertokens-node", "@portcullis/node", "@portcullis/core", "better-sqlite3"],
  outputFileTracingRoot: repositoryRoot,
  turbopack: { root: repositoryRoot },
};
