/**
 * One suite, every adapter: the protected-route behaviours of test/support/protected-route-suite.ts
 * on Express, Fastify, Koa, Hono and plain node:http, all against one real core (SQLite, HTTP).
 */
import { afterAll, beforeAll } from "vitest";
import { startTestCore, type TestCore } from "../../../core/test/support/core";
import SuperTokens from "../../src/supertokens";
import * as Session from "../../src/recipe/session/index";
import { frameworkApps, type FrameworkName } from "../support/framework-apps";
import { describeProtectedRoute, type ProtectedRouteTarget } from "../support/protected-route-suite";
import type { RunningServer } from "../support/servers";

let core: TestCore;
const servers = new Map<FrameworkName, RunningServer>();

beforeAll(async () => {
  core = await startTestCore({ engine: "sqlite" });
  await SuperTokens.resetAsync();
  SuperTokens.init({
    supertokens: { connectionURI: core.url },
    appInfo: {
      appName: "adapters",
      apiDomain: "http://localhost:3001",
      websiteDomain: "http://localhost:3000",
      apiBasePath: "/auth",
    },
    recipeList: [Session.init()],
  });
  for (const [name, start] of Object.entries(frameworkApps) as Array<
    [FrameworkName, () => Promise<RunningServer>]
  >) {
    servers.set(name, await start());
  }
});

afterAll(async () => {
  for (const server of servers.values()) await server.close();
  await SuperTokens.resetAsync();
  await core?.close();
});

for (const name of Object.keys(frameworkApps) as FrameworkName[]) {
  describeProtectedRoute(
    name,
    (): ProtectedRouteTarget => {
      const server = servers.get(name)!;
      return {
        origin: server.url,
        send: (request) => fetch(request),
        apiBasePath: "/auth",
        createSessionPath: "/create-session",
        protectedPath: "/protected",
        publicPath: "/public",
      };
    },
    { publicRoute: true },
  );
}
