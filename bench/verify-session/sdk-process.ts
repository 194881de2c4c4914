/** Starts `app-server.ts` for one SDK in its own process and waits for its port. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export type SdkName = "official" | "portcullis";

export interface SdkServer {
  sdk: SdkName;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const repositoryRoot = path.resolve(__dirname, "../..");

export async function startSdkServer(sdk: SdkName, coreUrl: string): Promise<SdkServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "app-server.ts")],
    {
      cwd: repositoryRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        BENCH_SDK: sdk,
        BENCH_CORE_URL: coreUrl,
      },
    },
  );
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${sdk} server did not start in 30 s:\n${output.join("")}`)),
      30_000,
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
      reject(new Error(`${sdk} server exited (${code}) before listening:\n${output.join("")}`));
    });
  });
  return {
    sdk,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      child.kill("SIGTERM");
      const killTimer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(killTimer);
    },
  };
}
