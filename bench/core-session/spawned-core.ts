/**
 * Runs the built core as its own process (`node packages/core/dist/portcullis-core.js start`), the way an
 * operator does, so start time and resident memory are the process's own and not shared
 * with the load generator.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const repositoryRoot = path.resolve(__dirname, "../..");
// The shipped bin (`portcullis-core`, `npm start`): the bundled CLI.
const cliPath =
  process.env.BENCH_CORE_CLI ?? path.join(repositoryRoot, "packages/core/dist/portcullis-core.js");

export interface SpawnedCore {
  url: string;
  pid: number;
  /** Milliseconds from spawn until the first 200 from `/hello`. */
  startMs: number;
  rssBytes(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Config keys are the core's own (SuperTokens' config.yaml names, see packages/core/src/config.ts).
 * JSON is valid YAML, so the file is written as JSON.
 */
export function writeCoreConfig(directory: string, config: Record<string, unknown>): string {
  const file = path.join(directory, "config.yaml");
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** `BENCH_CORE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` profiles the spawned core. */
function extraNodeArgs(): string[] {
  return (process.env.BENCH_CORE_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "");
}

export async function spawnCore(input: {
  configFile: string;
  port: number;
  maxStartSeconds: number;
}): Promise<SpawnedCore> {
  if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first`);
  const url = `http://127.0.0.1:${input.port}`;
  const output: string[] = [];
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(
    process.execPath,
    [...extraNodeArgs(), cliPath, "start", `--config=${input.configFile}`],
    {
      cwd: path.dirname(input.configFile),
      stdio: ["ignore", "pipe", "pipe"],
      env: coreEnvironment(),
    },
  );
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  let exited: number | null | undefined;
  const exitPromise = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exited = code;
      resolve();
    }),
  );

  const deadline = spawnedAt + input.maxStartSeconds * 1000;
  let startMs: number | undefined;
  while (performance.now() < deadline && exited === undefined) {
    if (await helloAnswers(url)) {
      startMs = performance.now() - spawnedAt;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (startMs === undefined) {
    child.kill("SIGKILL");
    await exitPromise;
    throw new Error(
      `core did not answer /hello within ${input.maxStartSeconds}s:\n${output.join("").slice(-2000)}`,
    );
  }

  const pid = child.pid!;
  return {
    url,
    pid,
    startMs,
    rssBytes: () => readRssBytes(pid),
    async stop() {
      if (exited !== undefined) return;
      child.kill("SIGTERM");
      const killTimer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exitPromise;
      clearTimeout(killTimer);
    },
  };
}

/**
 * The core reads `<OPTION>` and `PORTCULLIS_<OPTION>` from the environment (config.ts), so a
 * stray PORT or HOST in the caller's shell would override the config file: pass only what a
 * process needs to run.
 */
function coreEnvironment(): NodeJS.ProcessEnv {
  const keep = ["PATH", "HOME", "TMPDIR", "LANG", "TZ"];
  const env: NodeJS.ProcessEnv = { NODE_ENV: "production" };
  for (const name of keep) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

async function helloAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/hello`, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** VmRSS of a process, from /proc (Linux). */
export function readRssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Samples RSS every `everyMs` while `work` runs; returns the work's result and the peak. */
export async function withPeakRss<T>(
  pid: number,
  everyMs: number,
  work: () => Promise<T>,
): Promise<{ result: T; peakRssBytes: number }> {
  let peakRssBytes = readRssBytes(pid);
  const timer = setInterval(() => {
    try {
      peakRssBytes = Math.max(peakRssBytes, readRssBytes(pid));
    } catch {
      // The process may be gone; the load's own failures report that.
    }
  }, everyMs);
  try {
    const result = await work();
    peakRssBytes = Math.max(peakRssBytes, readRssBytes(pid));
    return { result, peakRssBytes };
  } finally {
    clearInterval(timer);
  }
}
