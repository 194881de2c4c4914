import { randomUUID } from "node:crypto";

const DEFAULT_TENANT_ID = "public";

/**
 * Session handles name their tenant (docs/protocol/cdi.md §3 "Finding the tenant"): `<uuid>` is the
 * public tenant, `<uuid>_<tenantId>` any other. App-level endpoints (`GET /recipe/session`,
 * `/recipe/session/remove` by handle, data updates) have no tenant in the path and read it here.
 */
export function newSessionHandle(tenantId: string): string {
  const uuid = randomUUID();
  return tenantId === DEFAULT_TENANT_ID ? uuid : `${uuid}_${tenantId}`;
}

/** The tenant a handle belongs to. A UUID is 36 characters, so the suffix starts at index 36. */
export function tenantOfSessionHandle(sessionHandle: string): string {
  if (sessionHandle.length > 37 && sessionHandle[36] === "_") {
    return sessionHandle.slice(37);
  }
  return DEFAULT_TENANT_ID;
}

export function isDefaultTenant(tenantId: string): boolean {
  return tenantId === DEFAULT_TENANT_ID;
}

export { DEFAULT_TENANT_ID };
