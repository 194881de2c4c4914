/**
 * A real HTTP server that records what the SDK sends and answers as a test tells it: for the
 * wire details (headers, failover, 429) that a correct core never provokes on purpose.
 */
import type { IncomingHttpHeaders } from "node:http";
import { listen, type RunningServer } from "./servers";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status?: number;
  contentType?: string;
  body: unknown;
}

export interface RecordingCore extends RunningServer {
  requests: RecordedRequest[];
  /** Default: `/apiversion` → ["5.4"], everything else 200 {status: "OK"}. */
  answer: (request: RecordedRequest) => Answer;
}

export const defaultAnswer = (request: RecordedRequest): Answer =>
  request.path.endsWith("/apiversion") ? { body: { versions: ["2.21", "5.4"] } } : { body: { status: "OK" } };

export async function startRecordingCore(): Promise<RecordingCore> {
  const core: Partial<RecordingCore> & { requests: RecordedRequest[] } = {
    requests: [],
    answer: defaultAnswer,
  };
  const running = await listen(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://core");
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    core.requests.push(recorded);
    const answer = core.answer!(recorded);
    res.statusCode = answer.status ?? 200;
    const isText = typeof answer.body === "string";
    res.setHeader(
      "content-type",
      answer.contentType ?? (isText ? "text/plain; charset=utf-8" : "application/json; charset=utf-8"),
    );
    res.end(isText ? (answer.body as string) : JSON.stringify(answer.body));
  });
  return Object.assign(core, running) as RecordingCore;
}
