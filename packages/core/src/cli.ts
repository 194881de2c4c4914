#!/usr/bin/env node
/**
 * `portcullis-core start | migrate`: the core as a standalone service. Output for people goes to
 * stdout; logs go to stderr.
 */
import { performance } from "node:perf_hooks";
import { ConfigError, loadConfig, type CoreConfig } from "./config";
import { startCoreServer } from "./core";
import { createLogger, errorMessage, redactCredentials } from "./log";
import { createStorage } from "./storage";

const USAGE = `Usage: portcullis-core <command> [options]

Commands:
  start     Start the CDI server (migrations are applied first)
  migrate   Apply database migrations and exit

Options:
  --config FILE   YAML config file (default: ./config.yaml when it exists)
  --port N        Port to listen on (overrides the config; 0 = any free port)
  --host H        Address to listen on (overrides the config)
  -h, --help      Show this help

Every config option can also come from the environment as PORTCULLIS_<OPTION> or <OPTION>
upper-cased (e.g. API_KEYS, POSTGRESQL_CONNECTION_URI). Precedence: flags > env > file > defaults.
`;

class UsageError extends Error {}

interface CliArgs {
  command: "start" | "migrate" | "help";
  file?: string;
  overrides: Record<string, unknown>;
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { command: "help", overrides: {} };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "-h" || flag === "--help") return { ...args, command: "help" };
    else if (flag === "--config") args.file = value();
    else if (flag === "--port") args.overrides.port = value();
    else if (flag === "--host") args.overrides.host = value();
    else if (flag.startsWith("-")) throw new UsageError(`Unknown option ${flag}`);
    else if (command === undefined) command = flag;
    else throw new UsageError(`Unexpected argument ${flag}`);
  }
  if (command === undefined || command === "help") return args;
  if (command !== "start" && command !== "migrate") throw new UsageError(`Unknown command ${command}`);
  return { ...args, command };
}

async function start(config: CoreConfig): Promise<void> {
  const log = createLogger({ level: config.log_level });
  const server = await startCoreServer(config, { logger: log });
  const startedIn = Math.round(performance.now());

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("Shutting down: finishing in-flight requests", { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("Shutdown failed", { error: errorMessage(error) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  // Only now: whoever waits for this line may signal at once (seen in CI: a SIGINT sent right
  // after the line arrived killed the process before its handlers existed).
  process.stdout.write(
    `Portcullis core listening on ${server.url}\n` +
      `Database: ${server.core.services.storage.description}\n` +
      `Started in ${startedIn} ms\n`,
  );
}

async function migrate(config: CoreConfig): Promise<void> {
  const storage = createStorage({
    postgresqlConnectionUri: config.postgresql_connection_uri,
    sqlitePath: config.sqlite_path,
    postgresqlPoolSize: 1,
  });
  try {
    await storage.migrate();
    process.stdout.write(`Migrations applied: ${storage.description}\n`);
  } finally {
    await storage.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.command === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  let config: CoreConfig;
  try {
    config = loadConfig({ file: args.file, overrides: args.overrides });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error: ${error.message}\n`);
    return 1;
  }
  if (args.command === "migrate") {
    await migrate(config);
    return 0;
  }
  await start(config);
  return -1; // keeps running until a signal
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`portcullis-core: ${redactCredentials(errorMessage(error))}\n`);
    process.exitCode = 1;
  },
);
