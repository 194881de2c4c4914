/**
 * Starts one of this folder's sign-in servers (`better-auth-server.ts`, `portcullis-server.ts`)
 * as its own process, so its CPU is not shared with the load generator's event loop, and waits
 * for the `LISTENING <port>` line it prints. Only an allow-list of environment variables is
 * passed on (a stray PORT or DATABASE_URL in the caller's shell must not change what runs).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { readRssBytes } from "../core-session/spawned-core";

const repositoryRoot = path.resolve(__dirname, "../..");

export interface SignInServer {
  name: string;
  url: string;
  pid: number;
  rssBytes(): number;
  stop(): Promise<void>;
}

export async function startSignInServer(input: {
  name: string;
  script: "better-auth-server.mjs" | "portcullis-server.ts";
  env: Record<string, string>;
}): Promise<SignInServer> {
  // TypeScript through tsx; the .mjs peer through plain node, as it runs in production.
  const runner = input.script.endsWith(".ts") ? ["--import", "tsx"] : [];
  // `BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` profiles the servers.
  runner.unshift(...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== ""));
  const child: ChildProcess = spawn(process.execPath, [...runner, path.join(__dirname, input.script)], {
    cwd: repositoryRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...input.env },
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${input.name} did not start in 60 s:\n${output.join("").slice(-3000)}`)),
      60_000,
    );
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /LISTENING (\d+)/.exec(output.join(""));
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${input.name} exited (${code}) before listening:\n${output.join("").slice(-3000)}`));
    });
  });
  // Keep the server's later complaints visible (a failing sign-in's stack trace, say).
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`  [${input.name}] ${chunk}`));
  return {
    name: input.name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    rssBytes: () => readRssBytes(child.pid!),
    async stop() {
      child.kill("SIGTERM");
      const killTimer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killTimer);
    },
  };
}
