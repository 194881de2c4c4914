import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, any free port (test files run in parallel). */
export async function listen(
  handler: http.RequestListener,
): Promise<RunningServer & { server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound then released), for failover tests. */
export async function closedPortURL(): Promise<string> {
  const probe = await listen(() => undefined);
  await probe.close();
  return probe.url;
}
