/**
 * `npm run bench:passwordless`: complete passwordless sign-ins of new users per second — ask for
 * an email code, read it, submit it, session created — over HTTP as a frontend sends them,
 * through @portcullis/node's FDI endpoints with the core embedded and with the core as its own
 * process, on SQLite and on PostgreSQL, beside better-auth's email-OTP sign-in on the same
 * PostgreSQL server (its own fresh database) in the same run. See README.md in this folder.
 *
 * Options: --variants=<names,…> (default all)  --scale=<0.1..4>  --concurrency=<n> (32)
 *          --no-results-file
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client as PgClient } from "pg";
import { freePort, spawnCore, writeCoreConfig, type SpawnedCore } from "../core-session/spawned-core";
import { postgresUpdateLimit, type LimitResult } from "../core-session/physical-limit";
import { Client, runSignIns, type SignIn } from "./load";
import { renderReport, type VariantReport } from "./report";
import { startSignInServer, type SignInServer } from "./server-process";
import { betterAuthSignIn, portcullisSignIn } from "./sign-ins";

const adminConnectionString =
  process.env.BENCH_POSTGRES_URI ?? "postgresql://postgres@127.0.0.1:5432/postgres";

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((argument) => argument.startsWith(prefix))?.slice(prefix.length);
}

const scale = Number(option("scale") ?? 1);
const concurrency = Number(option("concurrency") ?? 32);
const size = {
  warmUp: Math.round(200 * scale),
  loaded: Math.round(3000 * scale),
  serial: Math.round(300 * scale),
  maxSeconds: 60,
};

interface Variant {
  name: string;
  peer: "portcullis" | "better-auth";
  engine: "sqlite" | "postgresql";
  core: "embedded" | "http" | "-";
}

const allVariants: Variant[] = [
  { name: "better-auth-postgresql", peer: "better-auth", engine: "postgresql", core: "-" },
  { name: "embedded-sqlite", peer: "portcullis", engine: "sqlite", core: "embedded" },
  { name: "embedded-postgresql", peer: "portcullis", engine: "postgresql", core: "embedded" },
  { name: "http-sqlite", peer: "portcullis", engine: "sqlite", core: "http" },
  { name: "http-postgresql", peer: "portcullis", engine: "postgresql", core: "http" },
];
const chosen = option("variants")?.split(",");
const variants = chosen ? allVariants.filter((variant) => chosen.includes(variant.name)) : allVariants;

async function withAdmin<T>(work: (admin: PgClient) => Promise<T>): Promise<T> {
  const admin = new PgClient({ connectionString: adminConnectionString });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh database per variant, dropped afterwards (also on failure). */
async function withFreshPostgresDatabase<T>(
  label: string,
  work: (connectionString: string) => Promise<T>,
): Promise<T> {
  const name = `portcullis_bench_pwl_${label.replace(/-/g, "_")}_${process.pid}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  try {
    const url = new URL(adminConnectionString);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch((error) =>
      console.error(`could not drop ${name}: ${error}`),
    );
  }
}

/**
 * Transactions PostgreSQL committed in one database so far (read-only statements in autocommit
 * count too). The statistics are flushed by each backend within about a second, hence the wait.
 */
async function committedTransactions(databaseName: string): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return withAdmin(async (admin) => {
    await admin.query("SELECT pg_stat_clear_snapshot()");
    const row = (
      await admin.query("SELECT xact_commit FROM pg_stat_database WHERE datname = $1", [databaseName])
    ).rows[0];
    return Number(row?.xact_commit ?? NaN);
  });
}

async function measure(
  server: SignInServer,
  signIn: SignIn,
  label: string,
  pids: number[],
  databaseName?: string,
): Promise<VariantReport["loads"]> {
  const prefix = `${label}-${process.pid}-${Date.now()}`;
  const client = new Client(server.url, concurrency);
  try {
    // Warm-up: signing keys, prepared statements, JIT; excluded from the figures.
    const warm = await runSignIns({
      client,
      signIn,
      emailPrefix: `${prefix}-warm`,
      count: size.warmUp,
      concurrency,
      maxSeconds: size.maxSeconds,
      pids,
    });
    if (warm.signIns === 0) throw new Error(`no sign-in completed during warm-up: ${warm.firstFailure}`);
    const commitsBefore = databaseName ? await committedTransactions(databaseName) : NaN;
    const loaded = await runSignIns({
      client,
      signIn,
      emailPrefix: `${prefix}-load`,
      count: size.loaded,
      concurrency,
      maxSeconds: size.maxSeconds,
      pids,
    });
    const commitsAfter = databaseName ? await committedTransactions(databaseName) : NaN;
    const serial = await runSignIns({
      client,
      signIn,
      emailPrefix: `${prefix}-one`,
      count: size.serial,
      concurrency: 1,
      maxSeconds: size.maxSeconds,
      pids,
    });
    return {
      loaded,
      serial,
      postgresTransactionsPerSignIn: (commitsAfter - commitsBefore) / (loaded.signIns + loaded.failures),
    };
  } finally {
    client.close();
  }
}

const databaseNameOf = (storage: { connectionString?: string }) =>
  storage.connectionString ? new URL(storage.connectionString).pathname.slice(1) : undefined;

async function runVariant(variant: Variant, directory: string): Promise<VariantReport> {
  const started = { name: variant.name, peer: variant.peer, engine: variant.engine, core: variant.core };
  const withStorage = <T>(
    work: (storage: { connectionString?: string; sqlitePath?: string }) => Promise<T>,
  ) =>
    variant.engine === "postgresql"
      ? withFreshPostgresDatabase(variant.name, (connectionString) => work({ connectionString }))
      : work({ sqlitePath: path.join(directory, `${variant.name}.db`) });

  return withStorage(async (storage) => {
    let core: SpawnedCore | undefined;
    let server: SignInServer | undefined;
    try {
      if (variant.peer === "better-auth") {
        server = await startSignInServer({
          name: variant.name,
          script: "better-auth-server.mjs",
          env: { BENCH_DATABASE_URL: storage.connectionString! },
        });
        return {
          ...started,
          loads: await measure(server, betterAuthSignIn, variant.name, [server.pid], databaseNameOf(storage)),
        };
      }
      let connectionURI: string;
      if (variant.core === "http") {
        const port = await freePort();
        const configFile = writeCoreConfig(fs.mkdtempSync(path.join(directory, "core-")), {
          port,
          host: "127.0.0.1",
          log_level: "WARN",
          ...(storage.connectionString
            ? { postgresql_connection_uri: storage.connectionString }
            : { sqlite_path: storage.sqlitePath }),
        });
        core = await spawnCore({ configFile, port, maxStartSeconds: 30 });
        connectionURI = core.url;
      } else {
        connectionURI = storage.connectionString ?? `sqlite:${storage.sqlitePath}`;
      }
      server = await startSignInServer({
        name: variant.name,
        script: "portcullis-server.ts",
        env: { BENCH_CONNECTION_URI: connectionURI },
      });
      return {
        ...started,
        loads: await measure(
          server,
          portcullisSignIn,
          variant.name,
          core ? [server.pid, core.pid] : [server.pid],
          databaseNameOf(storage),
        ),
      };
    } catch (error) {
      return {
        ...started,
        error: String((error as Error).message ?? error)
          .split("\n")
          .slice(0, 4)
          .join(" "),
      };
    } finally {
      await server?.stop();
      await core?.stop();
    }
  });
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const pgVersion = await withAdmin(
    async (admin) => (await admin.query("SHOW server_version")).rows[0].server_version as string,
  );
  const fsync = await withAdmin(async (admin) => (await admin.query("SHOW fsync")).rows[0].fsync as string);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-bench-pwl-"));
  const reports: VariantReport[] = [];
  let commitLimit: { loaded: LimitResult; serial: LimitResult } | undefined;
  try {
    if (variants.some((variant) => variant.engine === "postgresql")) {
      console.error("postgresql commit anchor …");
      commitLimit = await withFreshPostgresDatabase("anchor", async (connectionString) => {
        const common = { connectionString, poolSize: 10, rows: 1000, maxSeconds: size.maxSeconds };
        return {
          loaded: await postgresUpdateLimit({ ...common, concurrency, requests: Math.round(6000 * scale) }),
          serial: await postgresUpdateLimit({ ...common, concurrency: 1, requests: Math.round(600 * scale) }),
        };
      });
    }
    for (const variant of variants) {
      console.error(`${variant.name} …`);
      const report = await runVariant(variant, directory);
      if (report.error) console.error(`  ${variant.name}: not measured: ${report.error}`);
      else
        console.error(
          `  ${variant.name}: ${report.loads!.loaded.perSecond.toFixed(0)} sign-ins/s, serial p50 ${report.loads!.serial.p50Ms.toFixed(2)} ms`,
        );
      reports.push(report);
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
  const markdown = renderReport({
    reports,
    commitLimit,
    date: new Date().toISOString(),
    machine: `Node ${process.version} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}) · PostgreSQL ${pgVersion} (fsync ${fsync})`,
    loadBefore,
    loadAfter: os.loadavg(),
    concurrency,
    size,
  });
  console.log(markdown);
  if (!process.argv.includes("--no-results-file"))
    fs.writeFileSync(path.join(__dirname, "RESULTS.md"), markdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
