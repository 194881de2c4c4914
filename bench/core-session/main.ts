/**
 * `npm run bench:core-session`: the core's session hot paths over real HTTP against a spawned
 * core process, on SQLite and on PostgreSQL, beside the physical limit measured in the same
 * run (single-row UPDATEs through the same driver). See bench/README.md for what each figure
 * means. Options: --engines=sqlite,postgresql  --scale=<0.1..4>  --no-results-file
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { CoreConnection, type LoadResult } from "./load";
import { postgresUpdateLimit, sqliteUpdateLimit, type LimitResult } from "./physical-limit";
import {
  createSessions,
  refreshSessions,
  verifyAfterRefresh,
  verifySessions,
  type WorkloadSize,
} from "./scenarios";
import { freePort, repositoryRoot, spawnCore, withPeakRss, writeCoreConfig } from "./spawned-core";
import { renderReport, type EngineReport } from "./report";

const adminConnectionString =
  process.env.BENCH_POSTGRES_URI ?? "postgresql://postgres@127.0.0.1:5432/postgres";
/** The core's PostgreSQL pool size (pg's default `max`, which the core keeps unless configured). */
const corePoolSize = Number(process.env.BENCH_CORE_POOL_SIZE ?? 10);

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((argument) => argument.startsWith(prefix))?.slice(prefix.length);
}

const scale = Number(option("scale") ?? 1);
const engines = (option("engines") ?? "sqlite,postgresql").split(",") as Array<"sqlite" | "postgresql">;
const size: WorkloadSize = {
  concurrency: 64,
  creates: Math.round(4000 * scale),
  refreshes: Math.round(8000 * scale),
  verifies: Math.round(10000 * scale),
  maxSecondsEach: 60,
};

async function withFreshPostgresDatabase<T>(work: (connectionString: string) => Promise<T>): Promise<T> {
  const name = `portcullis_bench_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: adminConnectionString });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminConnectionString);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error) => {
      console.error(`could not drop ${name}: ${error}`);
    });
    await admin.end();
  }
}

async function postgresVersion(): Promise<string> {
  const admin = new Client({ connectionString: adminConnectionString });
  await admin.connect();
  try {
    return (await admin.query("SHOW server_version")).rows[0].server_version;
  } finally {
    await admin.end();
  }
}

async function benchEngine(
  engine: "sqlite" | "postgresql",
  storageConfig: Record<string, unknown>,
  limit: () => Promise<LimitResult>,
  directory: string,
): Promise<EngineReport> {
  const port = await freePort();
  const configFile = writeCoreConfig(directory, {
    port,
    host: "127.0.0.1",
    log_level: "WARN",
    ...storageConfig,
  });

  // First start on an empty database includes the migrations; the second is a plain restart.
  const first = await spawnCore({ configFile, port, maxStartSeconds: 30 });
  const firstStartMs = first.startMs;
  await first.stop();

  const core = await spawnCore({ configFile, port, maxStartSeconds: 30 });
  const connection = new CoreConnection(core.url);
  connection.corePid = core.pid;
  let idleRssBytes: number;
  let measured: { result: LoadResult[]; peakRssBytes: number };
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    idleRssBytes = core.rssBytes();
    console.error(
      `  ${engine}: idle RSS ${(idleRssBytes / 2 ** 20).toFixed(1)} MB, start ${core.startMs.toFixed(0)} ms; loading …`,
    );

    // Warm-up: signing keys, prepared statements, JIT; excluded from the figures.
    await createSessions(connection, { ...size, creates: Math.min(500, size.creates) });

    measured = await withPeakRss(core.pid, 50, async () => {
      const loads: LoadResult[] = [];
      const created = await createSessions(connection, size);
      loads.push(created.result);
      if (created.sessions.length === 0)
        throw new Error(`no session created: ${created.result.firstFailure}`);
      // Verify first: the access tokens from create carry no parent hash, so no promotion happens.
      loads.push(await verifySessions(connection, size, created.sessions, false));
      loads.push(await verifySessions(connection, size, created.sessions, true));
      loads.push(await refreshSessions(connection, size, created.sessions));
      loads.push(await verifyAfterRefresh(connection, size, created.sessions));
      return loads;
    });
  } finally {
    connection.close();
    await core.stop();
  }
  // With the core stopped, the anchor gets the machine to itself as the core had.
  console.error(`  ${engine}: measuring the physical limit …`);
  const physicalLimit = await limit();
  return {
    engine,
    firstStartMs,
    startMs: core.startMs,
    idleRssBytes,
    peakRssBytes: measured.peakRssBytes,
    loads: measured.result,
    physicalLimit,
  };
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0];
  const reports: EngineReport[] = [];
  let pgVersion: string | undefined;
  for (const engine of engines) {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), `portcullis-bench-${engine}-`));
    try {
      console.error(`benchmarking ${engine} …`);
      if (engine === "sqlite") {
        const sqlitePath = path.join(directory, "auth.db");
        reports.push(
          await benchEngine(
            engine,
            { sqlite_path: sqlitePath },
            async () =>
              sqliteUpdateLimit({
                directory,
                // The embedded file's settings (WAL journal, NORMAL sync), so the anchor is the same disk path.
                pragmas: ["journal_mode = WAL", "synchronous = NORMAL"],
                requests: size.refreshes,
                rows: size.creates,
                maxSeconds: size.maxSecondsEach,
              }),
            directory,
          ),
        );
      } else {
        pgVersion = await postgresVersion();
        reports.push(
          await withFreshPostgresDatabase((connectionString) =>
            benchEngine(
              engine,
              { postgresql_connection_uri: connectionString },
              () =>
                postgresUpdateLimit({
                  connectionString,
                  poolSize: corePoolSize,
                  concurrency: size.concurrency,
                  requests: size.refreshes,
                  rows: size.creates,
                  maxSeconds: size.maxSecondsEach,
                }),
              directory,
            ),
          ),
        );
      }
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }

  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}${pgVersion ? `, PostgreSQL ${pgVersion}` : ""}`;
  const report = renderReport({
    date: new Date().toISOString(),
    machine,
    // Other work on the machine skews every figure; the run records how busy it was.
    loadAverage: `${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after (1-minute load average)`,
    size,
    corePoolSize,
    reports,
  });
  console.log(report);
  if (!process.argv.includes("--no-results-file")) {
    const file = path.join(repositoryRoot, "bench/core-session/RESULTS.md");
    fs.writeFileSync(file, report);
    console.error(`written to ${path.relative(process.cwd(), file)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
