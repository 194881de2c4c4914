/**
 * Assembles one core: storage (migrated), signing keys, every recipe's routes and the CDI
 * handler; `startCoreServer` puts it behind node:http.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { CoreConfig } from "./config";
import { coreRoutes } from "./http/core-routes";
import { createCdiHandler } from "./http/handler";
import type { CoreServices, Logger, Route } from "./http/route";
import { createCdiServer } from "./http/server";
import type { CdiHandler } from "./http/types";
import { createLogger, errorMessage } from "./log";
import { createSigningKeyService } from "./recipe/jwt/signing-keys";
import { jwtRoutes } from "./recipe/jwt/routes";
import { multitenancyRoutes } from "./recipe/multitenancy/routes";
import { passwordlessRoutes } from "./recipe/passwordless/routes";
import { sessionRoutes } from "./recipe/session/routes";
import { userRoutes } from "./users/routes";
import { createStorage } from "./storage";

export interface Core {
  config: CoreConfig;
  services: CoreServices;
  /** The CDI entry point, shared by the HTTP server and the SDK's embedded transport. */
  handle: CdiHandler;
  /** Stops background work and closes storage. Idempotent. */
  close(): Promise<void>;
}

export interface CoreOptions {
  /** Milliseconds since the epoch; tests may replace it. */
  now?: () => number;
  /** Default: a stderr logger at `config.log_level`. */
  logger?: Logger;
  /** Extra routes after the built-in ones (tests, extensions). */
  routes?: Route[];
  /** How often expired sessions are deleted; default one hour. */
  cleanupIntervalMs?: number;
  /** PostgreSQL: how often to look for tables without planner statistics (default 2 s). */
  statisticsIntervalMs?: number;
}

/** Every recipe's routes, in one list. */
function allRoutes(extra: Route[] = []): Route[] {
  return [
    ...coreRoutes,
    ...userRoutes,
    ...sessionRoutes,
    ...jwtRoutes,
    ...passwordlessRoutes,
    ...multitenancyRoutes,
    ...extra,
  ];
}

const DEFAULT_CLEANUP_INTERVAL_MS = 60 * 60 * 1000;
const DEFAULT_STATISTICS_INTERVAL_MS = 2000;

/** `./.portcullis/auth.db` must work on a fresh checkout: create the folder, not the file. */
function ensureSqliteFolder(sqlitePath: string): void {
  if (sqlitePath === ":memory:" || sqlitePath.startsWith("file:")) return;
  mkdirSync(dirname(sqlitePath), { recursive: true });
}

export async function createCore(config: CoreConfig, options: CoreOptions = {}): Promise<Core> {
  const now = options.now ?? Date.now;
  const log = options.logger ?? createLogger({ level: config.log_level });

  if (config.postgresql_connection_uri === null) ensureSqliteFolder(config.sqlite_path);
  const storage = createStorage({
    postgresqlConnectionUri: config.postgresql_connection_uri,
    sqlitePath: config.sqlite_path,
    postgresqlPoolSize: config.postgresql_connection_pool_size,
    postgresqlPreparedStatements: config.postgresql_prepared_statements,
  });
  try {
    await storage.migrate();
    const signingKeys = createSigningKeyService(storage, config, now);
    const services: CoreServices = { config, storage, signingKeys, now, log };
    const handle = createCdiHandler(allRoutes(options.routes), services);

    // Timer work: a failure is logged, never thrown into the timer.
    const inBackground = <T>(work: () => Promise<T>, done: (result: T) => unknown, failure: string) =>
      void work().then(done, (error: unknown) => log.warn(failure, { error: errorMessage(error) }));

    // Expired rows are already refused where they are read; this only keeps tables small.
    const sweep = (what: string, work: () => Promise<number>) =>
      inBackground(
        work,
        (count) => count > 0 && log.debug(`Deleted expired ${what}`, { count }),
        `Deleting expired ${what} failed`,
      );
    const cleanup = setInterval(() => {
      const at = now();
      sweep("sessions", () => storage.sessions.deleteExpired(at));
      sweep("passwordless codes", () =>
        storage.passwordless.deleteCodesCreatedBefore(at - config.passwordless_code_lifetime),
      );
    }, options.cleanupIntervalMs ?? DEFAULT_CLEANUP_INTERVAL_MS);
    cleanup.unref();

    // PostgreSQL: a new install must not run without planner statistics (statistics.ts).
    const analyzeNew = () =>
      inBackground(
        () => storage.analyzeNewTables(),
        (tables) => tables.length > 0 && log.debug("Analyzed new tables", { tables: tables.join(",") }),
        "Analyzing new tables failed",
      );
    const statistics =
      storage.engine === "postgresql"
        ? setInterval(analyzeNew, options.statisticsIntervalMs ?? DEFAULT_STATISTICS_INTERVAL_MS)
        : undefined;
    statistics?.unref();
    if (statistics !== undefined) analyzeNew();

    let closed: Promise<void> | undefined;
    return {
      config,
      services,
      handle,
      close() {
        clearInterval(cleanup);
        clearInterval(statistics);
        return (closed ??= storage.close());
      },
    };
  } catch (error) {
    await storage.close().catch(() => undefined);
    throw error;
  }
}

export interface CoreServer {
  /** e.g. `http://127.0.0.1:3567`. */
  url: string;
  port: number;
  core: Core;
  /** Stops accepting, finishes in-flight requests, then closes the core (storage). */
  close(): Promise<void>;
}

export async function startCoreServer(config: CoreConfig, options: CoreOptions = {}): Promise<CoreServer> {
  const core = await createCore(config, options);
  const server = createCdiServer(core.handle, {
    maxRequestBodyBytes: config.max_request_body_bytes,
    log: core.services.log,
  });
  let address: { port: number; url: string };
  try {
    address = await server.listen(config.port, config.host);
  } catch (error) {
    await core.close();
    throw error;
  }
  let closed: Promise<void> | undefined;
  return {
    url: address.url,
    port: address.port,
    core,
    close() {
      return (closed ??= server.close().then(() => core.close()));
    },
  };
}
