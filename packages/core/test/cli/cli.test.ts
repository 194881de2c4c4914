/**
 * `portcullis-core` as a process: `start` prints where it listens, which database it uses and
 * how long it took, and exits 0 on SIGTERM/SIGINT; `migrate` applies migrations and exits.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_OPTIONS } from "../../src/config";
import { createTestDatabase, testEngines, type TestDatabase } from "../support/databases";

const repoRoot = path.resolve(__dirname, "../../../..");
// The file `npm start` and the `portcullis-core` bin run: the bundled CLI.
const cli = path.join(repoRoot, "packages/core/dist/portcullis-core.js");

/** The parent's environment without any config option, so only what a test sets counts. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const option of CONFIG_OPTIONS) {
    delete env[option.toUpperCase()];
    delete env[`PORTCULLIS_${option.toUpperCase()}`];
  }
  return { ...env, ...extra };
}

const createdDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "portcullis-cli-"));
  createdDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

function run(args: string[], options: { cwd: string; env?: Record<string, string> }): Running {
  const child = spawn(process.execPath, [cli, ...args], { cwd: options.cwd, env: cleanEnv(options.env) });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits for the "listening on" line (or the process to end). */
async function listeningUrl(running: Running): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = /listening on (http:\/\/\S+)/.exec(running.stdout());
    if (match) return match[1];
    if (running.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no 'listening on' line; stdout: ${running.stdout()} stderr: ${running.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(() => {
  execFileSync("npx", ["tsc", "-b", "packages/core"], { cwd: repoRoot, stdio: "pipe" });
  execFileSync(process.execPath, ["packages/core/scripts/bundle-cli.mjs"], { cwd: repoRoot, stdio: "pipe" });
}, 120_000);

describe("portcullis-core --help", () => {
  it("prints usage and exits 0", async () => {
    const running = run(["--help"], { cwd: tempDir() });
    expect(await running.exited).toBe(0);
    expect(running.stdout()).toContain("Usage: portcullis-core");
    expect(running.stdout()).toContain("migrate");
  });

  it("exits 2 with usage for an unknown command or flag", async () => {
    for (const args of [["serve"], ["start", "--verbose"]]) {
      const running = run(args, { cwd: tempDir() });
      expect(await running.exited, args.join(" ")).toBe(2);
      expect(running.stderr()).toContain("Usage: portcullis-core");
    }
  });
});

describe("portcullis-core start", () => {
  it("starts on ./.portcullis/auth.db with no config, prints url, database and start time, and exits 0 on SIGTERM", async () => {
    const cwd = tempDir();
    const running = run(["start", "--port", "0"], { cwd });
    try {
      const url = await listeningUrl(running);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(running.stdout()).toMatch(/Database: sqlite:.*\.portcullis\/auth\.db/);
      expect(running.stdout()).toMatch(/Started in \d+ ms/);
      expect(existsSync(path.join(cwd, ".portcullis/auth.db"))).toBe(true);
      expect(await (await fetch(url + "/hello")).text()).toBe("Hello");
    } finally {
      running.child.kill("SIGTERM");
    }
    expect(await running.exited).toBe(0);
  });

  it("exits 0 on SIGINT", async () => {
    const running = run(["start", "--port", "0"], { cwd: tempDir() });
    try {
      await listeningUrl(running);
    } finally {
      running.child.kill("SIGINT");
    }
    expect(await running.exited).toBe(0);
  });

  it("reads ./config.yaml by default and lets --port/--host override it", async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, "config.yaml"), `port: 1\nhost: "0.0.0.0"\nsqlite_path: "./data/core.db"\n`);
    const running = run(["start", "--port", "0", "--host", "127.0.0.1"], { cwd });
    try {
      await listeningUrl(running);
      expect(running.stdout()).toMatch(/Database: sqlite:.*data\/core\.db/);
    } finally {
      running.child.kill("SIGTERM");
    }
    expect(await running.exited).toBe(0);
  });

  it("takes options from the environment", async () => {
    const cwd = tempDir();
    const running = run(["start"], { cwd, env: { PORTCULLIS_PORT: "0", SQLITE_PATH: "./env.db" } });
    try {
      await listeningUrl(running);
      expect(running.stdout()).toMatch(/Database: sqlite:.*env\.db/);
    } finally {
      running.child.kill("SIGTERM");
    }
    expect(await running.exited).toBe(0);
  });

  it("exits 1 naming the option when the config is invalid", async () => {
    const cwd = tempDir();
    const file = path.join(cwd, "bad.yaml");
    writeFileSync(file, "access_token_validity: 0\n");
    const running = run(["start", "--config", file], { cwd });
    expect(await running.exited).toBe(1);
    expect(running.stderr()).toContain("access_token_validity");
  });
});

describe.each(testEngines().filter((engine) => engine === "postgresql"))(
  "portcullis-core start on %s",
  (engine) => {
    let database: TestDatabase;
    beforeAll(async () => (database = await createTestDatabase(engine)));
    afterAll(() => database?.drop());

    it("prints the database without credentials", async () => {
      const uri = new URL(database.config.postgresql_connection_uri!);
      uri.password = "not-a-real-secret"; // trust auth here ignores it
      const running = run(["start", "--port", "0"], {
        cwd: tempDir(),
        env: { POSTGRESQL_CONNECTION_URI: uri.toString() },
      });
      try {
        await listeningUrl(running);
        expect(running.stdout()).toContain(`Database: postgresql://127.0.0.1:5432${uri.pathname}`);
        expect(running.stdout() + running.stderr()).not.toContain("not-a-real-secret");
      } finally {
        running.child.kill("SIGTERM");
      }
      expect(await running.exited).toBe(0);
    });
  },
);

describe("portcullis-core migrate", () => {
  it("applies migrations to the configured database and exits 0", async () => {
    const cwd = tempDir();
    const file = path.join(cwd, "config.yaml");
    writeFileSync(file, `sqlite_path: "${path.join(cwd, "migrated.db")}"\n`);
    const running = run(["migrate", "--config", file], { cwd });
    expect(await running.exited).toBe(0);
    expect(running.stdout()).toContain("Migrations applied");
    const database = new BetterSqlite3(path.join(cwd, "migrated.db"), { readonly: true });
    try {
      // The default app and tenant exist once migrations ran (storage contract: TenantStore.exists).
      expect(database.prepare("SELECT tenant_id FROM tenants WHERE app_id = 'public'").all()).toEqual([
        { tenant_id: "public" },
      ]);
    } finally {
      database.close();
    }
  });

  it("is safe to run twice", async () => {
    const cwd = tempDir();
    for (let i = 0; i < 2; i++) {
      const running = run(["migrate"], { cwd });
      expect(await running.exited).toBe(0);
    }
  });
});
