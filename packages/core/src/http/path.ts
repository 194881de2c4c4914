/**
 * The CDI path grammar (docs/protocol/cdi.md §2): `^(/appid-[a-z0-9-]*)?(/<tenant>)?<api>/?$`, matched on
 * the lower-cased path. No prefix (or `appid-public`) is the default app, no tenant segment
 * (or `public`) the default tenant.
 */

export interface CdiPath {
  appId: string;
  tenantId: string;
  /** True when the path carried a tenant segment other than `public`. */
  tenantGiven: boolean;
  /** The API part, e.g. `/recipe/session`; `/` for the bare root. */
  api: string;
}

/** First path segments that always belong to an API, never to a tenant name. */
const NOT_TENANT_NAMES = new Set(["recipe", "config", "users", "hello"]);
const TENANT_ID = /^[a-z0-9-]+$/;
const APP_ID = /^[a-z0-9-]*$/;
const APP_PREFIX = "/appid-";

/**
 * Splits a request path. `isApi` tells whether a string is a known API path: a path that is
 * itself an API (`/apiversion`, `/user/id`) has no tenant segment, which is how
 * `/<tenant>/<api>` and `/<api-with-two-segments>` are told apart without a regex scan.
 * Returns undefined when the path cannot match the grammar at all (→ 404).
 */
export function parseCdiPath(rawPath: string, isApi: (api: string) => boolean): CdiPath | undefined {
  let path = rawPath.toLowerCase();
  if (path.charCodeAt(0) !== 47 /* "/" */) return undefined;
  if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);

  let appId = "public";
  let rest = path;
  if (path.startsWith(APP_PREFIX)) {
    const end = path.indexOf("/", 1);
    const id = path.slice(APP_PREFIX.length, end < 0 ? path.length : end);
    if (!APP_ID.test(id)) return undefined;
    if (id !== "") appId = id;
    rest = end < 0 ? "/" : path.slice(end);
  }

  if (rest === "/" || isApi(rest)) return { appId, tenantId: "public", tenantGiven: false, api: rest };

  const end = rest.indexOf("/", 1);
  const segment = rest.slice(1, end < 0 ? rest.length : end);
  if (!TENANT_ID.test(segment) || NOT_TENANT_NAMES.has(segment)) {
    return { appId, tenantId: "public", tenantGiven: false, api: rest };
  }
  return {
    appId,
    tenantId: segment,
    tenantGiven: segment !== "public",
    api: end < 0 ? "/" : rest.slice(end),
  };
}
