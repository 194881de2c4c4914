/**
 * CPU time from /proc (Linux), so a benchmark can say where a machine's CPU went during a phase:
 * the process under test, PostgreSQL, the load generator, or nowhere (idle).
 */
import fs from "node:fs";

/** utime + stime of a process in ms (100 ticks per second). */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** utime + stime of every process named `postgres` (the server and its backends), in ms. */
export function postgresCpuMs(): number {
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") total += cpuMs(Number(entry));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

/** The machine's idle (idle + iowait) and total CPU ticks, from the first line of /proc/stat. */
export function machineTicks(): { idle: number; total: number } {
  const fields = fs
    .readFileSync("/proc/stat", "utf8")
    .split("\n", 1)[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { idle: fields[3] + fields[4], total: fields.reduce((sum, value) => sum + value, 0) };
}

export interface CpuSplit {
  /** CPU ms per request (or sign-in) of the measured processes, PostgreSQL and this process. */
  measuredMs: number;
  postgresMs: number;
  clientMs: number;
  /** Share of the machine's CPU time left idle (0–1). */
  machineIdle: number;
}

/** Starts measuring; the returned function ends it and divides by `count`. */
export function startCpuSplit(pids: number[]): (count: number) => CpuSplit {
  const measured = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const measuredBefore = measured();
  const postgresBefore = postgresCpuMs();
  const clientBefore = process.cpuUsage();
  const machineBefore = machineTicks();
  return (count) => {
    const client = process.cpuUsage(clientBefore);
    const machineAfter = machineTicks();
    const per = (ms: number) => (count === 0 ? NaN : ms / count);
    return {
      measuredMs: per(measured() - measuredBefore),
      postgresMs: per(postgresCpuMs() - postgresBefore),
      clientMs: per((client.user + client.system) / 1000),
      machineIdle: (machineAfter.idle - machineBefore.idle) / (machineAfter.total - machineBefore.total),
    };
  };
}
