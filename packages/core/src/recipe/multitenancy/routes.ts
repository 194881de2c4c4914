/**
 * Multitenancy reads (docs/protocol/cdi.md §3 "Multitenancy"). The official SDK asks
 * `GET /<t>/recipe/multitenancy/tenant/v2` on sign-up/sign-in to learn the tenant's first
 * factors and third-party providers. Tenants have no stored configuration yet, so every tenant
 * answers the defaults: no providers, empty core config, and `firstFactors` omitted (null =
 * every factor allowed; node then uses its own recipes' factors).
 *
 * TODO(multitenancy): tenant configuration (factors, providers, coreConfig) with PUT/remove.
 */
import type { Route } from "../../http/route";

/** A tenant's configuration in the CDI 5.x JSON shape, key order as SuperTokens core sends it. */
function tenantConfigJson(tenantId: string) {
  return { tenantId, thirdParty: { providers: [] as unknown[] }, coreConfig: {} };
}

export const multitenancyRoutes: Route[] = [
  {
    method: "GET",
    path: "/recipe/multitenancy/tenant/v2",
    level: "tenant",
    async handler({ scope, services }) {
      // The CDI handler already answers 400 for a tenant that does not exist; this covers a
      // tenant deleted between that check and now.
      if (!(await services.storage.tenants.exists(scope.appId, scope.tenantId)))
        return { status: "TENANT_NOT_FOUND_ERROR" };
      // docs/protocol/cdi.md §3: exactly {"tenantId":"public","thirdParty":{"providers":[]},"coreConfig":{},"status":"OK"}.
      return { ...tenantConfigJson(scope.tenantId), status: "OK" };
    },
  },
  {
    method: "GET",
    path: "/recipe/multitenancy/tenant/list/v2",
    level: "app",
    async handler({ scope, services }) {
      const tenantIds = await services.storage.tenants.list(scope.appId);
      return { status: "OK", tenants: tenantIds.map(tenantConfigJson) };
    },
  },
];
