/**
 * The "website" origin of the browser tests: a few in-memory files on their own localhost port,
 * so that every call to the API is cross-origin (CORS with credentials is exercised).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StaticFile {
  contentType: string;
  body: string;
}

export interface StaticServer {
  /** `http://localhost:<port>` */
  origin: string;
  port: number;
  close(): Promise<void>;
}

export async function startStaticServer(files: Record<string, StaticFile>): Promise<StaticServer> {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    const file = files[pathname];
    if (req.method !== "GET" || file === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": file.contentType, "cache-control": "no-store" }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://localhost:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
