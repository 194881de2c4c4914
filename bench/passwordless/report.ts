/** Renders the run as Markdown: one table of figures, one of ratios against better-auth, one of targets. */
import type { LimitResult } from "../core-session/physical-limit";
import type { SignInLoadResult } from "./load";

export interface VariantReport {
  name: string;
  peer: "portcullis" | "better-auth";
  engine: "sqlite" | "postgresql";
  core: "embedded" | "http" | "-";
  /** `postgresTransactionsPerSignIn`: commits PostgreSQL counted in the variant's database during the loaded phase, per sign-in. */
  loads?: { loaded: SignInLoadResult; serial: SignInLoadResult; postgresTransactionsPerSignIn: number };
  error?: string;
}

const TARGETS = {
  postgresqlSignInsPerSecond: 1000,
  ratioToBetterAuth: 5,
  embeddedSqliteP50Ms: 5,
};

const rate = (value: number) => (Number.isFinite(value) ? value.toFixed(0) : "–");
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "–");
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "–");
const verdict = (pass: boolean | undefined) => (pass === undefined ? "not measured" : pass ? "PASS" : "FAIL");

function label(report: VariantReport): string {
  if (report.peer === "better-auth") return "better-auth emailOTP (kysely + pg)";
  return `Portcullis, core ${report.core === "embedded" ? "embedded" : "over HTTP (own process)"}`;
}

export function renderReport(input: {
  reports: VariantReport[];
  commitLimit?: { loaded: LimitResult; serial: LimitResult };
  date: string;
  machine: string;
  loadBefore: number[];
  loadAfter: number[];
  concurrency: number;
  size: { warmUp: number; loaded: number; serial: number; maxSeconds: number };
}): string {
  const lines: string[] = [];
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(" / ");
  lines.push("# Passwordless sign-in benchmark: Portcullis vs better-auth");
  lines.push("");
  lines.push(
    `Run: ${input.date} · \`npm run bench:passwordless\` · ${input.machine} · load average ${load(input.loadBefore)} at start, ${load(input.loadAfter)} at end`,
  );
  lines.push("");
  lines.push(
    `One sign-in = a new user's complete email-OTP sign-in over HTTP on 127.0.0.1, as a frontend sends it: ask for a code, read it from the mailbox (GET /bench/mailbox, the same in-memory stand-in on both sides), submit it, session created. ` +
      `Loaded: ${input.size.loaded} sign-ins over ${input.concurrency} closed-loop virtual users (after ${input.size.warmUp} warm-up sign-ins); ` +
      `serial: ${input.size.serial} sign-ins one after another (the unloaded latency). Each server runs in its own process; the HTTP core in a third. Every phase is bounded to ${input.size.maxSeconds} s.`,
  );
  lines.push("");
  lines.push(
    "| peer | database | sign-ins/s (loaded) | p50 ms (loaded) | p99 ms (loaded) | p50 ms (serial) | p99 ms (serial) | server CPU ms / sign-in (loaded) | PostgreSQL transactions / sign-in | failed |",
  );
  lines.push("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const report of input.reports) {
    const database = report.engine === "sqlite" ? "SQLite file" : "PostgreSQL";
    if (!report.loads) {
      lines.push(`| ${label(report)} | ${database} | not measured: ${report.error} | | | | | | | |`);
      continue;
    }
    const { loaded, serial } = report.loads;
    lines.push(
      `| ${label(report)} | ${database} | ${rate(loaded.perSecond)} | ${ms(loaded.p50Ms)} | ${ms(loaded.p99Ms)} | ${ms(serial.p50Ms)} | ${ms(serial.p99Ms)} | ${ms(loaded.cpuMsPerSignIn)} | ${Number.isFinite(report.loads.postgresTransactionsPerSignIn) ? report.loads.postgresTransactionsPerSignIn.toFixed(1) : "–"} | ${loaded.failures + serial.failures} |`,
    );
  }
  if (input.commitLimit) {
    const { loaded, serial } = input.commitLimit;
    lines.push(
      `| anchor: one single-row UPDATE commit (pg Pool max 10) | PostgreSQL | ${rate(loaded.perSecond)} commits/s | ${ms(loaded.p50Ms)} | ${ms(loaded.p99Ms)} | ${ms(serial.p50Ms)} | ${ms(serial.p99Ms)} | – | 1 | 0 |`,
    );
  }
  lines.push(
    "",
    "Where the machine's CPU went during the loaded phase (ms of CPU per sign-in; 2 cores give 2,000 ms per second, so the total bounds the rate at 2,000 / total):",
    "",
    "| peer | database | server (+ core process) | PostgreSQL (all its processes) | load generator | total | machine idle |",
    "|---|---|---:|---:|---:|---:|---:|",
  );
  for (const report of input.reports) {
    if (!report.loads) continue;
    const { loaded } = report.loads;
    const postgres = report.engine === "sqlite" ? 0 : loaded.postgresCpuMsPerSignIn;
    const total = loaded.cpuMsPerSignIn + postgres + loaded.clientCpuMsPerSignIn;
    lines.push(
      `| ${label(report)} | ${report.engine === "sqlite" ? "SQLite file" : "PostgreSQL"} | ${ms(loaded.cpuMsPerSignIn)} | ${report.engine === "sqlite" ? "–" : ms(postgres)} | ${ms(loaded.clientCpuMsPerSignIn)} | ${ms(total)} | ${(100 * loaded.machineIdle).toFixed(0)} % |`,
    );
  }
  const failures = input.reports.flatMap((report) =>
    report.loads
      ? [report.loads.loaded, report.loads.serial]
          .filter((r) => r.firstFailure)
          .map((r) => `${report.name}: ${r.firstFailure}`)
      : [],
  );
  if (failures.length > 0) {
    lines.push("");
    lines.push("First failure per phase:");
    for (const failure of failures) lines.push(`- ${failure}`);
  }

  const betterAuth = input.reports.find((report) => report.peer === "better-auth")?.loads;
  const ours = input.reports.filter((report) => report.peer === "portcullis");
  lines.push("");
  lines.push("| Portcullis variant | sign-ins/s ours / better-auth | serial p50 better-auth / ours |");
  lines.push("|---|---:|---:|");
  for (const report of ours) {
    const mine = report.loads;
    lines.push(
      `| core ${report.core}, ${report.engine} | ${ratio(mine && betterAuth ? mine.loaded.perSecond / betterAuth.loaded.perSecond : NaN)} | ${ratio(mine && betterAuth ? betterAuth.serial.p50Ms / mine.serial.p50Ms : NaN)} |`,
    );
  }

  lines.push("");
  lines.push("| target | measured | verdict |");
  lines.push("|---|---:|---|");
  for (const report of ours.filter((r) => r.engine === "postgresql")) {
    const perSecond = report.loads?.loaded.perSecond;
    lines.push(
      `| ≥ ${TARGETS.postgresqlSignInsPerSecond} sign-ins/s on PostgreSQL (core ${report.core}) | ${perSecond === undefined ? "–" : rate(perSecond)} | ${verdict(perSecond === undefined ? undefined : perSecond >= TARGETS.postgresqlSignInsPerSecond)} |`,
    );
    const times = perSecond !== undefined && betterAuth ? perSecond / betterAuth.loaded.perSecond : undefined;
    lines.push(
      `| ≥ ${TARGETS.ratioToBetterAuth}× better-auth on PostgreSQL (core ${report.core}) | ${times === undefined ? "–" : ratio(times)} | ${verdict(times === undefined ? undefined : times >= TARGETS.ratioToBetterAuth)} |`,
    );
  }
  const embeddedSqlite = ours.find((r) => r.engine === "sqlite" && r.core === "embedded")?.loads?.serial
    .p50Ms;
  lines.push(
    `| < ${TARGETS.embeddedSqliteP50Ms} ms p50 per sign-in, core embedded on SQLite (serial) | ${embeddedSqlite === undefined ? "–" : `${ms(embeddedSqlite)} ms`} | ${verdict(embeddedSqlite === undefined ? undefined : embeddedSqlite < TARGETS.embeddedSqliteP50Ms)} |`,
  );
  lines.push("");
  return lines.join("\n");
}
