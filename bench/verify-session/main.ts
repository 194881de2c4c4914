/**
 * verifySession benchmark: @portcullis/node against supertokens-node@24.0.3, same core, same
 * Express app shape, interleaved in one run (`npm run bench:verify-session`).
 *
 * One core runs over HTTP (its CLI, own process, temp SQLite); each SDK's server runs in its own
 * process (app-server.ts); autocannon drives both from this process. Per round, each SDK's three
 * routes are loaded back to back (SDK order alternating, route order rotating).
 *
 * The cost a layer adds per request is the difference of the per-request times (10⁶/rps µs,
 * and the server's CPU µs per request), taken per round and then the median over rounds:
 *   middleware()      = t(/after)     − t(/before)
 *   verifySession()   = t(/protected) − t(/after)
 *
 * Env: BENCH_ROUNDS (9), BENCH_SECONDS per load (1.5), BENCH_CONNECTIONS (16).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, repositoryRoot, spawnCore, writeCoreConfig } from "../core-session/spawned-core";
import { startSdkServer, type SdkName, type SdkServer } from "./sdk-process";
import { measure, type LoadResult, type RouteName } from "./load";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

const ROUTES: RouteName[] = ["/before", "/after", "/protected"];
const SDKS: SdkName[] = ["official", "portcullis"];

const TARGETS = {
  verifySessionCostRatio: 0.5,
  middlewareCostRatio: 0.25,
  protectedRpsRatio: 1.3,
};

/** `Cookie` header with a fresh session's access token (cookie mode, docs/protocol/fdi.md §3.1). */
async function createSessionCookie(server: SdkServer): Promise<string> {
  const response = await fetch(`${server.url}/bench/session`, {
    method: "POST",
    headers: { "st-auth-mode": "cookie" },
  });
  if (response.status !== 200)
    throw new Error(
      `${server.sdk}: POST /bench/session answered ${response.status}: ${await response.text()}`,
    );
  const accessToken = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0]!)
    .find((pair) => pair.startsWith("sAccessToken="));
  if (!accessToken) throw new Error(`${server.sdk}: no sAccessToken cookie in the session response`);
  return accessToken;
}

async function firstSessionCookie(servers: SdkServer[]): Promise<string> {
  const failures: string[] = [];
  for (const server of servers) {
    try {
      return await createSessionCookie(server);
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  throw new Error(`no server could create a session:\n${failures.join("\n")}`);
}

/** The numbers below mean something only if both servers answer the same way. */
async function checkBehaviour(server: SdkServer, cookie: string): Promise<void> {
  const expectations: Array<[RouteName, string | undefined, number]> = [
    ["/before", undefined, 200],
    ["/after", undefined, 200],
    ["/protected", cookie, 200],
    ["/protected", undefined, 401],
  ];
  for (const [route, withCookie, status] of expectations) {
    const response = await fetch(`${server.url}${route}`, {
      headers: withCookie ? { cookie: withCookie } : {},
    });
    await response.arrayBuffer();
    if (response.status !== status)
      throw new Error(`${server.sdk}: GET ${route} answered ${response.status}, expected ${status}`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const microseconds = (rps: number): number => 1e6 / rps;
const fixed = (value: number, digits = 1): string => value.toFixed(digits);

async function main(): Promise<void> {
  const loadAtStart = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ");
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-bench-verify-"));
  const corePort = await freePort();
  const configFile = writeCoreConfig(directory, {
    port: corePort,
    host: "127.0.0.1",
    log_level: "WARN",
    sqlite_path: path.join(directory, "core.db"),
  });
  const core = await spawnCore({ configFile, port: corePort, maxStartSeconds: 30 });
  const servers: SdkServer[] = [];
  try {
    for (const sdk of SDKS) servers.push(await startSdkServer(sdk, core.url));
    // One access token for both: the core issued it, both SDKs verify it locally against the
    // core's JWKS, so both servers do the same work. The first SDK that can create it does.
    const cookie = await firstSessionCookie(servers);
    for (const server of servers) await checkBehaviour(server, cookie);
    const cookies = new Map<SdkName, string>(servers.map((server) => [server.sdk, cookie]));

    console.log(
      `verifySession bench: ${ROUNDS} rounds × ${ROUTES.length} routes × ${SDKS.length} SDKs, ${SECONDS} s each, ${CONNECTIONS} connections`,
    );
    // Warm-up: JIT and connection pools, not measured.
    for (const server of servers)
      for (const route of ROUTES)
        await measure({
          url: server.url,
          pid: server.pid,
          route,
          cookie,
          seconds: 1,
          connections: CONNECTIONS,
        });

    // Each round measures one SDK's three routes back to back (SDK order alternating, route order
    // rotating), so a layer's cost is a difference of two loads seconds apart, on the same
    // process, under the same background load; the reported cost is the median of those
    // per-round differences (paired), not a difference of medians.
    const samples = new Map<string, LoadResult[]>();
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      const routes = ROUTES.map((_, i) => ROUTES[(i + round) % ROUTES.length]!);
      for (const server of order) {
        for (const route of routes) {
          const result = await measure({
            url: server.url,
            pid: server.pid,
            route,
            cookie: cookies.get(server.sdk)!,
            seconds: SECONDS,
            connections: CONNECTIONS,
          });
          const key = `${server.sdk} ${route}`;
          samples.set(key, [...(samples.get(key) ?? []), result]);
        }
      }
      process.stdout.write(`  round ${round + 1}/${ROUNDS} done\n`);
    }

    const series = (sdk: SdkName, route: RouteName): LoadResult[] => samples.get(`${sdk} ${route}`)!;
    const rps = (sdk: SdkName, route: RouteName): number => median(series(sdk, route).map((r) => r.rps));
    const cpu = (sdk: SdkName, route: RouteName): number =>
      median(series(sdk, route).map((r) => r.cpuMicroseconds));
    // Per-request time of one load: 10⁶/rps (wall clock, as the client sees it) or server CPU µs.
    const pairedCost = (
      perRequest: (r: LoadResult) => number,
      sdk: SdkName,
      from: RouteName,
      to: RouteName,
    ) => median(series(sdk, to).map((r, round) => perRequest(r) - perRequest(series(sdk, from)[round]!)));
    const layerCosts = (perRequest: (r: LoadResult) => number) => (sdk: SdkName) => ({
      middleware: pairedCost(perRequest, sdk, "/before", "/after"),
      verifySession: pairedCost(perRequest, sdk, "/after", "/protected"),
    });
    const byRps = layerCosts((r) => microseconds(r.rps));
    const byCpu = layerCosts((r) => r.cpuMicroseconds);
    const protectedRpsRatio = rps("portcullis", "/protected") / rps("official", "/protected");
    const protectedCpuRatio = cpu("official", "/protected") / cpu("portcullis", "/protected");

    const verdict = (pass: boolean): string => (pass ? "PASS" : "FAIL");
    // A layer whose measured cost is not above the noise has no meaningful ratio.
    const costRow = (layer: string, ours: number, official: number, target: number): string =>
      `| ${layer} | ${fixed(official)} | ${fixed(ours)} | ${official > 0 ? fixed(ours / official, 2) : "–"} | ≤ ${target} | ${
        official <= 0 ? "n/a (official cost within noise)" : verdict(ours / official <= target)
      } |`;

    const lines: string[] = [];
    lines.push(
      "| route | official rps | portcullis rps | ratio | official CPU µs/req | portcullis CPU µs/req |",
    );
    lines.push("|---|---:|---:|---:|---:|---:|");
    for (const route of ROUTES) {
      lines.push(
        `| GET ${route} | ${fixed(rps("official", route), 0)} | ${fixed(rps("portcullis", route), 0)} | ${fixed(
          rps("portcullis", route) / rps("official", route),
          2,
        )} | ${fixed(cpu("official", route))} | ${fixed(cpu("portcullis", route))} |`,
      );
    }
    for (const [title, costs] of [
      ["wall clock: 10⁶/rps difference", byRps],
      ["server CPU per request difference", byCpu],
    ] as const) {
      const official = costs("official");
      const ours = costs("portcullis");
      lines.push("");
      lines.push(
        `| layer cost (${title}) | official µs | portcullis µs | portcullis / official | target | verdict |`,
      );
      lines.push("|---|---:|---:|---:|---|---|");
      lines.push(costRow("middleware()", ours.middleware, official.middleware, TARGETS.middlewareCostRatio));
      lines.push(
        costRow(
          "verifySession()",
          ours.verifySession,
          official.verifySession,
          TARGETS.verifySessionCostRatio,
        ),
      );
    }
    lines.push("");
    lines.push(
      "| protected route throughput | official | portcullis | portcullis / official | target | verdict |",
    );
    lines.push("|---|---:|---:|---:|---|---|");
    lines.push(
      `| requests per second | ${fixed(rps("official", "/protected"), 0)} | ${fixed(rps("portcullis", "/protected"), 0)} | ${fixed(protectedRpsRatio, 2)} | ≥ ${TARGETS.protectedRpsRatio} | ${verdict(protectedRpsRatio >= TARGETS.protectedRpsRatio)} |`,
    );
    lines.push(
      `| requests per server CPU second | ${fixed(1e6 / cpu("official", "/protected"), 0)} | ${fixed(1e6 / cpu("portcullis", "/protected"), 0)} | ${fixed(protectedCpuRatio, 2)} | ≥ ${TARGETS.protectedRpsRatio} | ${verdict(protectedCpuRatio >= TARGETS.protectedRpsRatio)} |`,
    );
    const table = lines.join("\n");
    console.log(`\n${table}\n`);

    const perRound = ROUTES.flatMap((route) =>
      SDKS.map((sdk) => {
        const list = samples.get(`${sdk} ${route}`)!;
        return `- ${sdk} ${route}: rps ${list.map((r) => fixed(r.rps, 0)).join(", ")} · CPU µs/req ${list
          .map((r) => fixed(r.cpuMicroseconds))
          .join(", ")}`;
      }),
    ).join("\n");
    const results = [
      "# verifySession benchmark: @portcullis/node vs supertokens-node@24.0.3",
      "",
      `Run: ${new Date().toISOString()} · \`npm run bench:verify-session\` · Node ${process.version} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}) · load average at start ${loadAtStart}`,
      "",
      `Setup: one core over HTTP (its CLI, own process, SQLite); each SDK's Express app (same shape: route before middleware(), same route after it, route behind verifySession()) in its own process; autocannon in the orchestrator; ${ROUNDS} interleaved rounds × ${SECONDS} s per (route, SDK), SDK order alternating and route order rotating per round; ${CONNECTIONS} keep-alive connections; one cookie-mode access token (issued by the core) for both. Route figures are medians over rounds; layer costs are medians of per-round paired differences (same process, loads seconds apart).`,
      "",
      "Two readings of each layer's cost: the difference of wall-clock per-request times (10⁶/rps, the headline measure), and the difference of the server process's own CPU time per request (utime+stime from /proc, 10 ms ticks), which is far less disturbed by other work on a shared machine. A cost at or below zero means the layer costs less than the run-to-run noise (for our middleware() on a non-auth route: one string comparison).",
      "",
      table,
      "",
      "Per round:",
      "",
      perRound,
      "",
    ].join("\n");
    fs.writeFileSync(path.join(__dirname, "RESULTS.md"), results);
    console.log(`written ${path.relative(repositoryRoot, path.join(__dirname, "RESULTS.md"))}`);
  } finally {
    for (const server of servers) await server.stop();
    await core.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
