/**
 * A real SMTP server (smtp-server) on 127.0.0.1, any free port, that keeps what it receives:
 * tests read the code and the link out of the message the SDK really sent. No STARTTLS (plain
 * local connection); AUTH is optional and, when used, recorded.
 */
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";

export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  /** Decoded text/plain part ("" if none). */
  text: string;
  /** Decoded text/html part ("" if none). */
  html: string;
  headers: Record<string, string>;
  raw: string;
  auth?: { username: string; password: string };
}

export interface MailCatcher {
  port: number;
  messages: CaughtMail[];
  /** The first message to `to` not returned before (waits for it). */
  waitForMessage(to: string, timeoutMs?: number): Promise<CaughtMail>;
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const taken = new Set<CaughtMail>();
  const waiters: Array<() => void> = [];

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: { username: auth.username, password: auth.password } });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = parseMessage(raw);
        const user = session.user as unknown as { username: string; password: string } | undefined;
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: decodeHeader(parsed.headers.subject ?? ""),
          text: parsed.text,
          html: parsed.html,
          headers: parsed.headers,
          raw,
          auth: user,
        });
        for (const wake of waiters.splice(0)) wake();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();

  return {
    port,
    messages,
    waitForMessage(to, timeoutMs = 5_000) {
      const wanted = to.toLowerCase();
      return new Promise<CaughtMail>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no email to ${to} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = () => {
          const found = messages.find((m) => !taken.has(m) && m.to.some((a) => a.toLowerCase() === wanted));
          if (found === undefined) return void waiters.push(check);
          taken.add(found);
          clearTimeout(timer);
          resolve(found);
        };
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface MimePart {
  headers: Record<string, string>;
  text: string;
  html: string;
}

/** Enough MIME for what nodemailer sends: multipart/alternative, quoted-printable, base64. */
function parseMessage(raw: string): MimePart {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const type = headers["content-type"] ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith("multipart/") && boundary !== undefined) {
    const result: MimePart = { headers, text: "", html: "" };
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith("--")) break;
      const part = parseMessage(chunk.replace(/^\r?\n/, ""));
      result.text ||= part.text;
      result.html ||= part.html;
    }
    return result;
  }
  const decoded = decodeBody(body, headers["content-transfer-encoding"] ?? "7bit");
  return type.toLowerCase().startsWith("text/html")
    ? { headers, text: "", html: decoded }
    : { headers, text: decoded, html: "" };
}

function decodeBody(body: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case "quoted-printable":
      return Buffer.from(
        body
          .replace(/=\r?\n/g, "")
          .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        "latin1",
      ).toString("utf8");
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    default:
      return body;
  }
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=`) in the subject. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_m, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          ).toString("utf8"),
    );
}
