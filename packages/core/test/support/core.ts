/**
 * `startTestCore`: a real core over real HTTP on 127.0.0.1 (any free port), on a fresh
 * database of the chosen engine. One call per test file (or per describe); `close()` stops the
 * server and drops the database.
 */
import { resolveConfig, type CoreConfig } from "../../src/config";
import { startCoreServer, type Core } from "../../src/core";
import type { Logger, Route } from "../../src/http/route";
import { createLogger } from "../../src/log";
import { createTestDatabase, type TestEngine } from "./databases";

export interface TestCoreOptions {
  engine: TestEngine;
  config?: Partial<CoreConfig>;
  now?: () => number;
  /** Extra routes (e.g. one that throws, to test the 500 path). */
  routes?: Route[];
  /** How often expired sessions are deleted (default: the core's, one hour). */
  cleanupIntervalMs?: number;
  statisticsIntervalMs?: number;
  /** Default: errors only, on stderr (PORTCULLIS_TEST_LOG_LEVEL=DEBUG for more). */
  logger?: Logger;
}

export interface TestCore {
  /** e.g. `http://127.0.0.1:41234`. */
  url: string;
  core: Core;
  close(): Promise<void>;
}

export async function startTestCore(options: TestCoreOptions): Promise<TestCore> {
  const database = await createTestDatabase(options.engine);
  try {
    const config = resolveConfig({ ...database.config, ...options.config, host: "127.0.0.1", port: 0 });
    const logger =
      options.logger ??
      createLogger({
        level: (process.env.PORTCULLIS_TEST_LOG_LEVEL as CoreConfig["log_level"]) ?? "ERROR",
        format: "text",
      });
    const server = await startCoreServer(config, {
      now: options.now,
      logger,
      routes: options.routes,
      cleanupIntervalMs: options.cleanupIntervalMs,
      statisticsIntervalMs: options.statisticsIntervalMs,
    });
    let closed: Promise<void> | undefined;
    return {
      url: server.url,
      core: server.core,
      close() {
        return (closed ??= server.close().finally(() => database.drop()));
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
}
