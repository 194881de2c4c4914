/**
 * One @portcullis/core over real HTTP on 127.0.0.1:<random port>, on a temporary SQLite file, with
 * config overrides (e.g. a 2-second access_token_validity so the browser sees a token expire).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveConfig, silentLogger, startCoreServer, type CoreConfig } from "@portcullis/core";

export interface HttpCore {
  url: string;
  close(): Promise<void>;
}

export async function startHttpCore(overrides: Partial<CoreConfig> = {}): Promise<HttpCore> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-e2e-core-"));
  const config = resolveConfig({
    sqlite_path: path.join(directory, "core.db"),
    host: "127.0.0.1",
    port: 0,
    ...overrides,
  });
  const server = await startCoreServer(config, { logger: silentLogger });
  return {
    url: server.url,
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
