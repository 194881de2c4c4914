/**
 * A private PostgreSQL instance for fault tests: its own data folder, port and socket
 * folder, so a test can stop and start it without touching the shared server at :5432.
 * initdb refuses to run as root, so as root it runs as the `postgres` OS user.
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface OwnPostgres {
  port: number;
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` (trust auth, loopback only). */
  connectionUri: string;
  isRunning(): boolean;
  /**
   * `immediate` is a crash (no checkpoint, crash recovery on next start); `fast` a clean stop.
   * Asynchronous so an in-process core keeps serving while pg_ctl works.
   */
  stop(mode: "immediate" | "fast"): Promise<void>;
  /** Resolves once the server accepts connections (`pg_ctl -w`). */
  start(): Promise<void>;
  /** Stops (if running) and removes the data folder; safe to call twice. */
  destroy(): void;
}

/** The newest `/usr/lib/postgresql/<ver>/bin` holding initdb and pg_ctl, or why there is none. */
export function findPostgresBin(): { bin: string } | { missing: string } {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((version) => fs.existsSync(path.join(root, version, "bin/initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) return { missing: `no initdb under ${root}/*/bin` };
  if (process.getuid?.() === 0 && spawnSync("id", ["-u", "postgres"]).status !== 0) {
    return { missing: "running as root and there is no `postgres` OS user to run initdb as" };
  }
  return { bin: path.join(root, versions[0], "bin") };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startOwnPostgres(bin: string): Promise<OwnPostgres> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-own-pg-"));
  const dataDir = path.join(root, "data");
  const socketDir = path.join(root, "socket");
  const logFile = path.join(root, "postgres.log");
  fs.mkdirSync(socketDir);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", root]);

  const commandFor = (program: string, args: string[]): [string, string[]] =>
    asRoot
      ? ["runuser", ["-u", "postgres", "--", path.join(bin, program), ...args]]
      : [path.join(bin, program), args];
  const failure = (program: string, args: string[], detail: string) => {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "";
    return new Error(`${program} ${args.join(" ")} failed: ${detail}\n${log}`);
  };
  const runSync = (program: string, args: string[]) => {
    const [command, commandArgs] = commandFor(program, args);
    const result = spawnSync(command, commandArgs, { encoding: "utf8", cwd: root, timeout: 60_000 });
    if (result.status !== 0)
      throw failure(program, args, `(${result.status}) ${result.stderr}${result.stdout}`);
  };
  const run = (program: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [command, commandArgs] = commandFor(program, args);
      execFile(command, commandArgs, { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
        error ? reject(failure(program, args, `${error.message} ${stderr}${stdout}`)) : resolve(),
      );
    });
  const startArgs = (port: number): string[] => [
    "start",
    "-D",
    dataDir,
    "-w",
    "-t",
    "60",
    "-l",
    logFile,
    "-o",
    `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=50`,
  ];

  let running = false;
  let destroyed = false;
  const port = await freePort();
  const instance: OwnPostgres = {
    port,
    connectionUri: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    isRunning: () => running,
    async stop(mode) {
      if (!running) return;
      await run("pg_ctl", ["stop", "-D", dataDir, "-m", mode, "-w", "-t", "30"]);
      running = false;
    },
    async start() {
      if (running) return;
      await run("pg_ctl", startArgs(port));
      running = true;
    },
    // Synchronous so it also works from a process 'exit' handler.
    destroy() {
      if (destroyed) return;
      try {
        // The pid file, not `running`: a start that timed out may still have left a server behind.
        if (fs.existsSync(path.join(dataDir, "postmaster.pid"))) {
          runSync("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "30"]);
        }
        running = false;
      } finally {
        destroyed = true;
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };

  try {
    runSync("initdb", ["-D", dataDir, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--no-sync"]);
    await instance.start();
  } catch (error) {
    instance.destroy();
    throw error;
  }
  return instance;
}
