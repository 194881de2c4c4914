/**
 * A reverse proxy on 127.0.0.1 that records every request the SDK sends to the core, so a
 * test can prove what did NOT reach the core (local verification, docs/protocol/cdi.md §2 "When the
 * core is contacted for verification"). It forwards bytes unchanged.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface CountingProxy {
  url: string;
  seen: SeenRequest[];
  /** Requests whose method and path equal these, since the last `clear()`. */
  count(method: string, path: string): number;
  clear(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(targetUrl: string): Promise<CountingProxy> {
  const target = new URL(targetUrl);
  const seen: SeenRequest[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0];
    seen.push({ method: request.method ?? "GET", path, headers: request.headers });
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, host: target.host },
        agent,
      },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    upstream.on("error", (error) => {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(`counting proxy: ${error.message}`);
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    count: (method, path) => seen.filter((r) => r.method === method && r.path === path).length,
    clear: () => void seen.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
