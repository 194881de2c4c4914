/**
 * The core as its own process (`portcullis-core start`, run from source through tsx so the
 * test needs no build), on a given PostgreSQL URI. A separate process is what makes "the core
 * did not crash" a fact the test can check: an uncaught error there ends the process, and
 * `exit` says how.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const cliSource = path.resolve(__dirname, "../../../src/cli.ts");

export interface RunningCore {
  url: string;
  pid: number;
  /** undefined while the process runs; afterwards how it ended. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Everything the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/** Only what a process needs: a stray PORT or HOST would override the config file (config.ts reads env). */
function coreEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG", "TZ"])
    if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

export async function startCoreOnPostgres(connectionUri: string, maxStartMs = 30_000): Promise<RunningCore> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-fault-core-"));
  const configFile = path.join(folder, "config.yaml");
  // JSON is YAML. The outage makes the core log errors by design; ERROR keeps them visible in output().
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      port: 0,
      host: "127.0.0.1",
      postgresql_connection_uri: connectionUri,
      log_level: "ERROR",
    }),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", cliSource, "start", "--config", configFile],
    {
      // tsx is resolved from the working directory: stay inside the repository.
      cwd: path.dirname(cliSource),
      env: coreEnvironment(),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );

  const deadline = Date.now() + maxStartMs;
  let url: string | undefined;
  while (!url && !exit && Date.now() < deadline) {
    url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
    if (!url) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  // If the test process ends without afterAll (a crash, a kill), do not leave the core behind.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const close = async () => {
    process.removeListener("exit", killOnExit);
    if (!exit) {
      child.kill("SIGTERM");
      const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(kill);
    }
    fs.rmSync(folder, { recursive: true, force: true });
  };
  if (!url) {
    await close();
    throw new Error(
      `the core did not start within ${maxStartMs} ms (exit: ${JSON.stringify(exit)}):\n${output}`,
    );
  }
  return { url, pid: child.pid!, exit: () => exit, output: () => output, close };
}
