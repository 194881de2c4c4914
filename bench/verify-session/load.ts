/**
 * One fixed-duration autocannon load against one route of one SDK server, with two readings:
 * - requests per second (what a client sees; sensitive to everything else the machine runs);
 * - the server process's own CPU time per request, from /proc/<pid>/stat (user + system ticks),
 *   which other processes on a shared machine disturb far less.
 */
import fs from "node:fs";
import { execFileSync } from "node:child_process";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require("autocannon");

export type RouteName = "/before" | "/after" | "/protected";

export interface LoadResult {
  rps: number;
  requests: number;
  /** Server CPU time per request, µs. */
  cpuMicroseconds: number;
}

const CLOCK_TICKS_PER_SECOND =
  Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** utime + stime of a process, in µs (fields 14 and 15 of /proc/<pid>/stat, after the `(comm)`). */
function processCpuMicroseconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): utime is field 14 → index 11, stime field 15 → index 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS_PER_SECOND;
}

export async function measure(input: {
  url: string;
  pid: number;
  route: RouteName;
  cookie: string;
  seconds: number;
  connections: number;
}): Promise<LoadResult> {
  const cpuBefore = processCpuMicroseconds(input.pid);
  const result = await autocannon({
    url: `${input.url}${input.route}`,
    connections: input.connections,
    duration: input.seconds,
    // The same request on every route, so differences are the layers' own cost.
    headers: { cookie: input.cookie },
  });
  const cpuAfter = processCpuMicroseconds(input.pid);
  // A wrong answer would make the numbers meaningless (e.g. a 401 is cheaper than a 200).
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `GET ${input.route} on ${input.url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  const requests = result.requests.total as number;
  return {
    rps: requests / (result.duration as number),
    requests,
    cpuMicroseconds: (cpuAfter - cpuBefore) / requests,
  };
}
