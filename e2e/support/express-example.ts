/**
 * Runs `examples/express` (its own `createApp`, unchanged) in this process behind a thin outer
 * Express app that adds what a test needs and a real app would get from a sign-in recipe:
 * - `POST /test/create-session` → `Session.createNewSession(req, res, "public", new RecipeUserId(id))`;
 * - a log of the paths the API saw (to prove the browser's SDK called `/auth/session/refresh`).
 *
 * `supertokens-node` is loaded from the example's folder, i.e. through its alias to
 * @portcullis/node, so the test route and the example share one SDK instance.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";

export const expressExampleDir = path.resolve(__dirname, "../../examples/express");

export interface RunningExpressExample {
  /** `http://localhost:<port>` */
  apiDomain: string;
  /** Paths requested so far (method + path), in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startExpressExample(input: {
  websiteDomain: string;
  connectionURI: string;
  /** Where the example's Passwordless recipe sends sign-in emails (e.g. a local SMTP catcher). */
  smtp?: import("../../examples/express/config").ExampleConfig["smtp"];
}): Promise<RunningExpressExample> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const apiDomain = `http://localhost:${port}`;

  const { createApp } = (await import(
    path.join(expressExampleDir, "app")
  )) as typeof import("../../examples/express/app");
  const exampleRequire = createRequire(path.join(expressExampleDir, "package.json"));
  const express = exampleRequire("express") as typeof import("express");
  const Session = exampleRequire("supertokens-node/recipe/session");
  const { RecipeUserId } = exampleRequire("supertokens-node");

  const exampleApp = createApp({
    connectionURI: input.connectionURI,
    apiDomain,
    websiteDomain: input.websiteDomain,
    port,
    smtp: input.smtp,
  });

  const requests: string[] = [];
  const outer = express();
  outer.use((req, _res, next) => {
    requests.push(`${req.method} ${req.path}`);
    next();
  });
  // The example's CORS and error handling apply to the test route too: it is mounted first only
  // for POST /test/create-session, everything else falls through to the example untouched.
  outer.post("/test/create-session", exampleApp, async (req, res, next) => {
    try {
      const userId = String(req.query.userId ?? "e2e-user");
      await Session.createNewSession(req, res, "public", new RecipeUserId(userId));
      res.json({ status: "OK", userId });
    } catch (error) {
      next(error);
    }
  });
  outer.use(exampleApp);
  server.on("request", outer);

  return {
    apiDomain,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
