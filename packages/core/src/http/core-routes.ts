/**
 * The core's own endpoints (docs/protocol/cdi.md §3 "Core"): the health check, version negotiation and
 * the public JWKS.
 */
import { supportedCdiVersions } from "../config";
import type { Route } from "./route";

export const coreRoutes: Route[] = [
  {
    method: "GET",
    path: "/",
    level: "tenant",
    checks: "public",
    handler: hello,
  },
  {
    method: "GET",
    path: "/hello",
    level: "tenant",
    checks: "public",
    handler: hello,
  },
  {
    // The SDK calls this before it knows a version, with only the api key (docs/protocol/cdi.md §2); the
    // answer has no `status` field.
    method: "GET",
    path: "/apiversion",
    level: "app",
    checks: "apiKey",
    async handler({ services }) {
      return { versions: supportedCdiVersions(services.config) };
    },
  },
  {
    // Fetched by jose's remote JWKS with no api key and no cdi-version (docs/protocol/cdi.md §2).
    method: "GET",
    path: "/.well-known/jwks.json",
    level: "app",
    checks: "public",
    async handler({ scope, services }) {
      const { keys, maxAgeSeconds } = await services.signingKeys.jwks(scope.appId);
      return {
        status: 200,
        headers: { "cache-control": `max-age=${maxAgeSeconds}, must-revalidate` },
        body: { keys },
      };
    },
  },
];

/** A health check that also proves the database answers (one indexed read). */
async function hello({ scope, services }: Parameters<Route["handler"]>[0]) {
  await services.storage.tenants.exists(scope.appId, scope.tenantId);
  return { status: 200, body: "Hello" };
}
