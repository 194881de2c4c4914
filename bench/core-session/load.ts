/**
 * A closed-loop HTTP load generator: a fixed number of connections (keep-alive), each sending
 * its next request as soon as the previous answer arrives, for a bounded number of requests
 * and a bounded time. Only 127.0.0.1 is ever contacted.
 */
import { startCpuSplit, type CpuSplit } from "./cpu-time";
import { RawHttpClient } from "./raw-http";

export interface CdiCall {
  method: "GET" | "POST" | "PUT";
  path: string;
  body?: unknown;
}

export interface CdiAnswer {
  status: number;
  body: any;
}

export interface LoadResult {
  name: string;
  requests: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** First unexpected answer, to explain failures in the report. */
  firstFailure?: string;
  /** Where the machine's CPU went, per request (when the connection knows the core's pid). */
  cpu?: CpuSplit;
}

export class CoreConnection {
  private readonly client: RawHttpClient;
  /** The core process, whose CPU time runLoad charges to the requests. */
  corePid: number | undefined;

  constructor(readonly baseUrl: string) {
    const url = new URL(baseUrl);
    if (url.hostname !== "127.0.0.1") throw new Error(`bench traffic stays on 127.0.0.1 (got ${url.host})`);
    this.client = new RawHttpClient(Number(url.port));
  }

  async call(call: CdiCall): Promise<CdiAnswer> {
    const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
    const headers: Record<string, string> = { "cdi-version": "5.4" };
    // The official SDK sends `rid` when segment 1 or 2 is `recipe` (docs/protocol/cdi.md §2).
    if (/^\/(?:[^/]+\/)?recipe\/session/.test(call.path)) headers.rid = "session";
    if (payload) {
      headers["content-type"] = "application/json; charset=utf-8";
      headers["content-length"] = String(payload.length);
    }
    const answer = await this.client.request(call.method, call.path, headers, payload);
    let body: any = answer.text;
    if (answer.text.startsWith("{") || answer.text.startsWith("[")) {
      try {
        body = JSON.parse(answer.text);
      } catch {
        body = answer.text;
      }
    }
    return { status: answer.status, body };
  }

  close(): void {
    this.client.close();
  }
}

/**
 * Runs `requests` calls over `concurrency` workers. `next(i, worker)` builds call i;
 * `check(answer, i, worker)` says whether the answer is the expected success (and may record
 * state, e.g. a rotated refresh token).
 */
export async function runLoad(input: {
  name: string;
  connection: CoreConnection;
  requests: number;
  concurrency: number;
  maxSeconds: number;
  next: (i: number, worker: number) => CdiCall;
  check: (answer: CdiAnswer, i: number, worker: number) => boolean;
}): Promise<LoadResult> {
  const latenciesMs = new Float64Array(input.requests);
  let issued = 0;
  let completed = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const cpu = input.connection.corePid === undefined ? undefined : startCpuSplit([input.connection.corePid]);
  const started = performance.now();
  const deadline = started + input.maxSeconds * 1000;

  async function worker(workerIndex: number): Promise<void> {
    while (issued < input.requests && performance.now() < deadline) {
      const i = issued++;
      const call = input.next(i, workerIndex);
      const sent = performance.now();
      try {
        const answer = await input.connection.call(call);
        latenciesMs[completed++] = performance.now() - sent;
        if (!input.check(answer, i, workerIndex)) {
          failures++;
          firstFailure ??=
            `${answer.status} ${typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body)}`.slice(
              0,
              200,
            );
        }
      } catch (error) {
        latenciesMs[completed++] = performance.now() - sent;
        failures++;
        firstFailure ??= String(error);
      }
    }
  }

  await Promise.all(Array.from({ length: input.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  const sorted = latenciesMs.slice(0, completed).sort();
  return {
    name: input.name,
    requests: completed,
    failures,
    seconds,
    perSecond: completed / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    firstFailure,
    cpu: cpu?.(completed),
  };
}

export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}
