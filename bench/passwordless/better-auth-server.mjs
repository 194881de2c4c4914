/**
 * The peer: better-auth with its `emailOTP` plugin on PostgreSQL through its built-in Kysely
 * adapter (a `pg` Pool, as better-auth's docs configure it), served by its own node handler.
 * Run as its own process by main.ts; prints `LISTENING <port>`.
 *
 * Plain JavaScript run by plain `node`, as better-auth (an ES module package) runs in
 * production: no tsx loader hooks in the path of its module loading.
 *
 * Settings that are not better-auth's defaults, and why:
 * - `rateLimit.enabled: false` — on by default in production (100 requests / 10 s per IP); the
 *   bench comes from one IP, and our side has no rate limit on these endpoints either.
 * - `storeOTP: "hashed"` — the default keeps the OTP in the clear; our core stores only hashes,
 *   so both sides do the same work (one SHA-256 per code, negligible either way).
 * - `telemetry.enabled: false` — nothing leaves 127.0.0.1.
 * The sign-in itself is better-auth's own: POST /email-otp/send-verification-otp
 * {email, type:"sign-in"}, then POST /sign-in/email-otp {email, otp}, which creates the user
 * (new users, as on our side) and a database session with its cookie.
 *
 * The mailbox is the same as mailbox.ts (which our server uses): a Map, read and emptied by
 * `GET /bench/mailbox?email=`.
 */
import console from "node:console";
import http from "node:http";
import process from "node:process";
import { URL } from "node:url";
import pg from "pg";
import { betterAuth } from "better-auth";
import { emailOTP } from "better-auth/plugins/email-otp";
import { toNodeHandler } from "better-auth/node";
import { getMigrations } from "better-auth/db/migration";

const connectionString = process.env.BENCH_DATABASE_URL;
if (!connectionString) throw new Error("set BENCH_DATABASE_URL=postgresql://…/<fresh database>");

const mailbox = new Map();

function serveMailbox(req, res) {
  if (req.method !== "GET" || !req.url?.startsWith("/bench/mailbox?")) return false;
  const email = new URL(req.url, "http://127.0.0.1").searchParams.get("email")?.toLowerCase() ?? "";
  const code = mailbox.get(email);
  if (code === undefined) {
    res.writeHead(404, { "content-type": "text/plain" }).end("no mail");
  } else {
    mailbox.delete(email);
    res.writeHead(200, { "content-type": "text/plain" }).end(code);
  }
  return true;
}

const server = http.createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = server.address().port;

const options = {
  baseURL: `http://127.0.0.1:${port}`,
  secret: "bench-secret-bench-secret-bench-secret-0123456789",
  database: new pg.Pool({ connectionString }),
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
  plugins: [
    emailOTP({
      storeOTP: "hashed",
      async sendVerificationOTP({ email, otp }) {
        mailbox.set(email.toLowerCase(), otp);
      },
    }),
  ],
};
const { runMigrations } = await getMigrations(options);
await runMigrations();
const handler = toNodeHandler(betterAuth(options).handler);

server.on("request", (req, res) => {
  if (serveMailbox(req, res)) return;
  void handler(req, res);
});
server.keepAliveTimeout = 60_000;
console.log(`LISTENING ${port}`);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
