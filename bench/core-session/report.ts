/** Renders the run as Markdown: one table per engine, then targets and ratios. */
import type { LoadResult } from "./load";
import type { LimitResult } from "./physical-limit";
import type { WorkloadSize } from "./scenarios";

export interface EngineReport {
  engine: "sqlite" | "postgresql";
  firstStartMs: number;
  startMs: number;
  idleRssBytes: number;
  peakRssBytes: number;
  loads: LoadResult[];
  physicalLimit: LimitResult;
}

/** Targets from the project's issue, printed beside the figures (bench/README.md). */
export const targets = {
  refreshPerSecondPostgres: 2000,
  startMs: 500,
  idleRssMb: 100,
};

const mb = (bytes: number) => bytes / 2 ** 20;
const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const meets = (ok: boolean) => (ok ? "met" : "**missed**");

export function renderReport(input: {
  date: string;
  machine: string;
  loadAverage: string;
  size: WorkloadSize;
  corePoolSize: number;
  reports: EngineReport[];
}): string {
  const lines: string[] = [];
  lines.push(`# core-session benchmark results`, ``);
  lines.push(`- Date: ${input.date}`);
  lines.push(`- Machine: ${input.machine}`);
  lines.push(`- Machine load during the run: ${input.loadAverage}`);
  lines.push(
    `- Load: ${input.size.concurrency} keep-alive connections from one client process to one spawned core process on 127.0.0.1; ` +
      `${input.size.creates} creates, ${input.size.verifies} verifies of each kind, ${input.size.refreshes} refreshes (each bounded to ${input.size.maxSecondsEach} s)`,
  );
  lines.push(
    `- Physical limit: single-row UPDATEs, PostgreSQL through \`pg\` Pool max ${input.corePoolSize}, SQLite through better-sqlite3`,
  );
  lines.push(``);

  for (const report of input.reports) {
    const limit = report.physicalLimit;
    lines.push(`## ${report.engine === "postgresql" ? "PostgreSQL" : "SQLite (embedded file)"}`, ``);
    lines.push(`| operation | requests | failed | req/s | p50 ms | p99 ms | ours / limit |`);
    lines.push(`|---|---:|---:|---:|---:|---:|---:|`);
    for (const load of report.loads) {
      lines.push(
        `| ${load.name} | ${load.requests} | ${load.failures} | ${fixed(load.perSecond)} | ${fixed(load.p50Ms, 2)} | ${fixed(load.p99Ms, 2)} | ${fixed(load.perSecond / limit.perSecond, 2)} |`,
      );
    }
    lines.push(
      `| physical limit: ${limit.name} | ${limit.requests} | 0 | ${fixed(limit.perSecond)} | ${fixed(limit.p50Ms, 2)} | ${fixed(limit.p99Ms, 2)} | 1.00 |`,
    );
    lines.push(``);
    const failures = report.loads.filter((load) => load.firstFailure);
    for (const load of failures) lines.push(`- first failure of "${load.name}": \`${load.firstFailure}\``);
    if (failures.length) lines.push(``);

    lines.push(
      `Where the machine's CPU went, in µs per request (2 cores give 2,000,000 µs per second, so the total bounds the rate at 2,000,000 / total):`,
      ``,
      `| operation | core process | PostgreSQL (all its processes) | load generator | total | machine idle |`,
      `|---|---:|---:|---:|---:|---:|`,
    );
    for (const load of report.loads) {
      if (!load.cpu) continue;
      const postgres = report.engine === "postgresql" ? load.cpu.postgresMs : 0;
      const total = load.cpu.measuredMs + postgres + load.cpu.clientMs;
      const us = (ms: number) => fixed(ms * 1000);
      lines.push(
        `| ${load.name.replace(/\s+POST \S+/, "")} | ${us(load.cpu.measuredMs)} | ${report.engine === "postgresql" ? us(postgres) : "–"} | ${us(load.cpu.clientMs)} | ${us(total)} | ${fixed(100 * load.cpu.machineIdle)} % |`,
      );
    }
    lines.push(``);

    const refresh = report.loads.find((load) => load.name.startsWith("refresh"));
    lines.push(`| figure | value | target |`);
    lines.push(`|---|---:|---|`);
    if (refresh) {
      const target =
        report.engine === "postgresql"
          ? `≥ ${targets.refreshPerSecondPostgres}/s: ${meets(refresh.perSecond >= targets.refreshPerSecondPostgres && refresh.failures === 0)}`
          : "—";
      lines.push(`| refresh/s | ${fixed(refresh.perSecond)} | ${target} |`);
      lines.push(`| refresh / physical limit | ${fixed(refresh.perSecond / limit.perSecond, 2)} | — |`);
    }
    lines.push(
      `| start, migrated database (spawn → first /hello 200) | ${fixed(report.startMs)} ms | < ${targets.startMs} ms: ${meets(report.startMs < targets.startMs)} |`,
    );
    lines.push(
      `| first start, empty database (includes migrations) | ${fixed(report.firstStartMs)} ms | — |`,
    );
    lines.push(
      `| RSS idle (1 s after start) | ${fixed(mb(report.idleRssBytes), 1)} MB | < ${targets.idleRssMb} MB: ${meets(mb(report.idleRssBytes) < targets.idleRssMb)} |`,
    );
    lines.push(`| RSS peak under load | ${fixed(mb(report.peakRssBytes), 1)} MB | — |`);
    lines.push(``);
  }
  return lines.join("\n");
}
