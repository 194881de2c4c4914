/**
 * A reverse proxy on 127.0.0.1 that forwards bytes unchanged and logs the method and path of
 * every request the SDK sends to the core, so a test can show that a session verification never
 * reached the core (CDI-NOTES §2 "When the core is contacted for verification").
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RequestLog {
  url: string;
  /** `METHOD /path` (no query string), in order. */
  seen: string[];
  close(): Promise<void>;
}

export async function startRequestLog(targetUrl: string): Promise<RequestLog> {
  const target = new URL(targetUrl);
  const seen: string[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${(request.url ?? "/").split("?")[0]}`);
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
      response.end(`request log proxy: ${error.message}`);
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
