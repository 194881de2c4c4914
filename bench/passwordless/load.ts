/**
 * A closed-loop sign-in load: `concurrency` virtual users on keep-alive connections, each
 * starting its next sign-in as soon as the previous one has finished, for a bounded number of
 * sign-ins and a bounded time. A sign-in is the whole sequence a frontend and its user go
 * through (ask for a code, read it from the mailbox, submit it); its latency runs from the first
 * request to the last answer. Only 127.0.0.1 is ever contacted.
 */
import http from "node:http";
import { startCpuSplit } from "../core-session/cpu-time";

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export class Client {
  private readonly agent: http.Agent;

  constructor(
    private readonly baseUrl: string,
    connections: number,
  ) {
    if (new URL(baseUrl).hostname !== "127.0.0.1")
      throw new Error(`bench traffic stays on 127.0.0.1 (got ${baseUrl})`);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  request(
    method: "GET" | "POST",
    path: string,
    input: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const payload = input.body === undefined ? undefined : Buffer.from(JSON.stringify(input.body));
    const headers: Record<string, string> = { ...input.headers };
    if (payload) {
      headers["content-type"] = "application/json";
      headers["content-length"] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const request = http.request(
        new URL(path, this.baseUrl),
        { method, agent: this.agent, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString("utf8"),
            }),
          );
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** One complete sign-in of a new user; throws with the unexpected answer when a step fails. */
export type SignIn = (client: Client, email: string) => Promise<void>;

export interface SignInLoadResult {
  signIns: number;
  /** CPU milliseconds the measured processes (server, and core when separate) spent per sign-in. */
  cpuMsPerSignIn: number;
  /** CPU milliseconds all PostgreSQL processes of the machine spent per sign-in. */
  postgresCpuMsPerSignIn: number;
  /** CPU milliseconds this load generator spent per sign-in. */
  clientCpuMsPerSignIn: number;
  /** Share of the machine's CPU time left idle during the phase (0–1). */
  machineIdle: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  firstFailure?: string;
}

export async function runSignIns(input: {
  client: Client;
  signIn: SignIn;
  /** Distinct per run and per phase, so every sign-in is a new user. */
  emailPrefix: string;
  count: number;
  concurrency: number;
  maxSeconds: number;
  /** Processes whose CPU time is charged to the sign-ins (the server, the core process). */
  pids: number[];
}): Promise<SignInLoadResult> {
  const latenciesMs: number[] = [];
  let issued = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const cpu = startCpuSplit(input.pids);
  const started = performance.now();
  const deadline = started + input.maxSeconds * 1000;

  async function virtualUser(): Promise<void> {
    while (issued < input.count && performance.now() < deadline) {
      const email = `${input.emailPrefix}-${issued++}@bench.example`;
      const began = performance.now();
      try {
        await input.signIn(input.client, email);
        latenciesMs.push(performance.now() - began);
      } catch (error) {
        failures++;
        firstFailure ??= String((error as Error).message).slice(0, 300);
      }
    }
  }

  await Promise.all(Array.from({ length: input.concurrency }, () => virtualUser()));
  const seconds = (performance.now() - started) / 1000;
  const split = cpu(latenciesMs.length);
  latenciesMs.sort((a, b) => a - b);
  const at = (q: number) =>
    latenciesMs.length === 0
      ? NaN
      : latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(q * latenciesMs.length))]!;
  return {
    signIns: latenciesMs.length,
    cpuMsPerSignIn: split.measuredMs,
    postgresCpuMsPerSignIn: split.postgresMs,
    clientCpuMsPerSignIn: split.clientMs,
    machineIdle: split.machineIdle,
    failures,
    seconds,
    perSecond: latenciesMs.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    firstFailure,
  };
}

/** Fails a step with what came back, so the report can say why a sign-in did not complete. */
export function expectAnswer(step: string, answer: HttpAnswer, ok: boolean): void {
  if (!ok) throw new Error(`${step}: ${answer.status} ${answer.text.slice(0, 200)}`);
}
