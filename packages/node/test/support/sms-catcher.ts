/**
 * A real local HTTP server standing in for Twilio's REST API: it records each request exactly
 * as received (method, path, headers, raw form body) and answers like Twilio does (201 with a
 * message resource), or with a Twilio-style error when told to.
 */
import { listen } from "./servers";

export interface CaughtSms {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  form: Record<string, string>;
}

export interface SmsCatcher {
  /** Give this to `twilioSettings.opts.apiBaseUrl`. */
  url: string;
  requests: CaughtSms[];
  /** The first request whose `To` is `to`, not returned before (waits for it). */
  waitForSms(to: string, timeoutMs?: number): Promise<CaughtSms>;
  /** Answer the next requests with this Twilio error (until cleared with undefined). */
  failWith(error: { status: number; code: number; message: string } | undefined): void;
  close(): Promise<void>;
}

export async function startSmsCatcher(): Promise<SmsCatcher> {
  const requests: CaughtSms[] = [];
  const taken = new Set<CaughtSms>();
  const waiters: Array<() => void> = [];
  let failure: { status: number; code: number; message: string } | undefined;

  const server = await listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const form = Object.fromEntries(new URLSearchParams(rawBody));
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, rawBody, form });
      for (const wake of waiters.splice(0)) wake();
      res.setHeader("content-type", "application/json");
      if (failure !== undefined) {
        res.statusCode = failure.status;
        res.end(
          JSON.stringify({ ...failure, more_info: `https://www.twilio.com/docs/errors/${failure.code}` }),
        );
        return;
      }
      res.statusCode = 201;
      res.end(
        JSON.stringify({ sid: `SM${requests.length}`, status: "queued", to: form.To, body: form.Body }),
      );
    });
  });

  return {
    url: server.url,
    requests,
    waitForSms(to, timeoutMs = 5_000) {
      return new Promise<CaughtSms>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no SMS to ${to} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          const found = requests.find((r) => !taken.has(r) && r.form.To === to);
          if (found === undefined) return void waiters.push(check);
          taken.add(found);
          clearTimeout(timer);
          resolve(found);
        };
        check();
      });
    },
    failWith(error) {
      failure = error;
    },
    close: () => server.close(),
  };
}
