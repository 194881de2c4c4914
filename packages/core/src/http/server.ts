/**
 * The node:http edge of the CDI: reads the body under a size limit, parses JSON, hands a
 * `CdiRequest` to the shared handler and writes the `CdiResponse`. Nothing here knows about
 * routes or recipes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { errorMessage } from "../log";
import type { Logger } from "./route";
import type { CdiHandler, CdiRequest, CdiResponse } from "./types";

export interface CdiServerOptions {
  maxRequestBodyBytes: number;
  log: Logger;
}

export interface CdiServer {
  server: Server;
  listen(port: number, host: string): Promise<{ port: number; url: string }>;
  /** Stops accepting connections, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

/** After this, in-flight requests that still have not finished are cut off on close(). */
const CLOSE_GRACE_MS = 10_000;

type BodyResult = { ok: true; text: string } | { ok: false; response: CdiResponse };

function textResponse(status: number, body: string): CdiResponse {
  return { status, body };
}

/**
 * Collects the body up to `limit` bytes. Past the limit the rest is drained and dropped (so the
 * client can read the 413 instead of seeing a reset), up to a hard cap after which the
 * connection is cut.
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const tooLarge: BodyResult = {
    ok: false,
    response: textResponse(
      413,
      `Request body too large: the limit is ${limit} bytes (config option max_request_body_bytes)`,
    ),
  };
  const declared = Number(req.headers["content-length"]);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = declared > limit;
    const drainCap = limit * 16;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (overflow || size > limit) {
        overflow = true;
        chunks.length = 0;
        if (size > drainCap) {
          resolve(tooLarge);
          req.destroy();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (overflow) return resolve(tooLarge);
      resolve({
        ok: true,
        text: chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8"),
      });
    });
    req.on("error", () =>
      resolve({ ok: false, response: textResponse(400, "Could not read the request body") }),
    );
  });
}

function writeResponse(res: ServerResponse, response: CdiResponse): void {
  const isText = typeof response.body === "string";
  const payload = isText ? (response.body as string) : JSON.stringify(response.body ?? null);
  const headers: Record<string, string | number> = {
    "content-type": isText ? "text/plain; charset=utf-8" : "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
  };
  if (response.headers) Object.assign(headers, response.headers);
  res.writeHead(response.status, headers);
  res.end(payload);
}

export function createCdiServer(handle: CdiHandler, options: CdiServerOptions): CdiServer {
  let closing = false;

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on("close", () => {
      // Once closing, a connection that just went idle is closed at once instead of lingering in keep-alive.
      if (closing) server.closeIdleConnections();
    });
    if (closing) res.setHeader("connection", "close");

    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const body = await readBody(req, options.maxRequestBodyBytes);
    if (!body.ok) {
      res.setHeader("connection", "close");
      return writeResponse(res, body.response);
    }
    let parsed: unknown;
    if (body.text.trim() !== "") {
      try {
        parsed = JSON.parse(body.text);
      } catch {
        return writeResponse(res, textResponse(400, "Invalid JSON input: the body is not valid JSON"));
      }
    }
    const request: CdiRequest = {
      method: req.method ?? "GET",
      path: queryStart < 0 ? url : url.slice(0, queryStart),
      query: new URLSearchParams(queryStart < 0 ? "" : url.slice(queryStart + 1)),
      // Node lower-cases header names; only set-cookie is ever an array, and the CDI has none.
      headers: req.headers as Record<string, string | undefined>,
      body: parsed,
    };
    writeResponse(res, await handle(request));
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      // The handler answers its own errors; this only catches a broken transport write.
      options.log.error("CDI response could not be written", {
        error: errorMessage(error),
      });
      if (!res.headersSent) writeResponse(res, { status: 500, body: "Internal Error" });
      else res.destroy();
    });
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address();
          const actualPort = typeof address === "object" && address ? address.port : port;
          const urlHost = host.includes(":") ? `[${host}]` : host;
          resolve({ port: actualPort, url: `http://${urlHost}:${actualPort}` });
        });
      });
    },
    close() {
      if (!server.listening) return Promise.resolve();
      closing = true;
      return new Promise<void>((resolve) => {
        const cutOff = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        cutOff.unref();
        server.close(() => {
          clearTimeout(cutOff);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
