/**
 * The bench's stand-in for an inbox: each server's email delivery writes the one-time code here
 * instead of sending it, and `GET /bench/mailbox?email=` hands it to the load generator — the
 * "user reads the mail" step of a sign-in. Both peers use this same module, so the extra round
 * trip costs them the same.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

const codes = new Map<string, string>();

export function deliverCode(email: string, code: string): void {
  codes.set(email.toLowerCase(), code);
}

/** Answers `GET /bench/mailbox?email=` and returns true; returns false for any other request. */
export function serveMailbox(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "GET" || !req.url?.startsWith("/bench/mailbox?")) return false;
  const email = new URL(req.url, "http://127.0.0.1").searchParams.get("email")?.toLowerCase() ?? "";
  const code = codes.get(email);
  if (code === undefined) {
    res.writeHead(404, { "content-type": "text/plain" }).end("no mail");
  } else {
    codes.delete(email);
    res.writeHead(200, { "content-type": "text/plain" }).end(code);
  }
  return true;
}
