/**
 * `createCdiHandler`: the transport-neutral CDI request pipeline shared by the node:http
 * server and the SDK's embedded transport.
 *
 * Order of checks: path grammar → route (method, `rid`) → api key → `cdi-version` → app-level
 * API under a tenant (403) → app/tenant exists (400) → body shape → handler. Keys are checked
 * before tenant existence so an unauthenticated caller learns nothing about tenants.
 */
import { supportedCdiVersions } from "../config";
import { createApiKeyCheck, presentedApiKey } from "./api-key";
import {
  AppLevelApiUnderTenantError,
  BadRequestError,
  HttpError,
  InvalidApiKeyError,
  MethodNotAllowedError,
  NotFoundError,
} from "./errors";
import { errorMessage, redactCredentials } from "../log";
import { JsonBodyReader, QueryReader } from "./input";
import { parseCdiPath, type CdiPath } from "./path";
import type { CoreServices, Route } from "./route";
import type { CdiHandler, CdiRequest, CdiResponse } from "./types";
import { databaseUnavailableReason } from "../storage";

/** Routes of one (api path, method); `rid` only splits paths several recipes share. */
interface MethodEntry {
  /** The route without `rid`, if any. */
  plain?: Route;
  byRid: Map<string, Route>;
}

/** docs/protocol/cdi.md §2: for `/recipe/user` without a matching `rid`, the core assumes emailpassword. */
const DEFAULT_RID = "emailpassword";

const INTERNAL_ERROR: CdiResponse = Object.freeze({ status: 500, body: "Internal Error" });

function buildRouteTable(routes: readonly Route[]): Map<string, Map<string, MethodEntry>> {
  const table = new Map<string, Map<string, MethodEntry>>();
  for (const route of routes) {
    const api = route.path.toLowerCase();
    if (!api.startsWith("/")) throw new Error(`Route path must start with '/' (got '${route.path}')`);
    let methods = table.get(api);
    if (!methods) table.set(api, (methods = new Map()));
    let entry = methods.get(route.method);
    if (!entry) methods.set(route.method, (entry = { byRid: new Map() }));
    const taken = route.rid === undefined ? entry.plain : entry.byRid.get(route.rid);
    if (taken)
      throw new Error(
        `Two routes for ${route.method} ${route.path}${route.rid ? ` (rid ${route.rid})` : ""}`,
      );
    if (route.rid === undefined) entry.plain = route;
    else entry.byRid.set(route.rid, route);
  }
  return table;
}

function pickRoute(entry: MethodEntry, rid: string | undefined): Route | undefined {
  if (entry.byRid.size === 0) return entry.plain;
  return (
    (rid !== undefined ? entry.byRid.get(rid) : undefined) ?? entry.plain ?? entry.byRid.get(DEFAULT_RID)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A handler's result is a full response when it has a numeric `status` (JSON results carry `status: "OK"`). */
function isCdiResponse(result: CdiResponse | Record<string, unknown>): result is CdiResponse {
  return typeof result.status === "number" && "body" in result;
}

export function createCdiHandler(routes: readonly Route[], services: CoreServices): CdiHandler {
  const table = buildRouteTable(routes);
  const isApi = (api: string) => table.has(api);
  const apiKeyMatches = createApiKeyCheck(services.config.api_keys);
  const versions = new Set(supportedCdiVersions(services.config));
  const versionList = [...versions].join(", ");

  async function dispatch(request: CdiRequest, path: CdiPath): Promise<CdiResponse> {
    const methods = table.get(path.api);
    if (!methods) throw new NotFoundError();
    const entry = methods.get(request.method.toUpperCase());
    if (!entry) throw new MethodNotAllowedError();
    const route = pickRoute(entry, request.headers["rid"]);
    if (!route) throw new NotFoundError(`No API at ${path.api} for rid '${request.headers["rid"] ?? ""}'`);

    const checks = route.checks ?? "cdi";
    if (checks !== "public" && !apiKeyMatches(presentedApiKey(request.headers)))
      throw new InvalidApiKeyError();
    if (checks === "cdi") {
      // No header = the newest version, as SuperTokens core does.
      const version = request.headers["cdi-version"];
      if (version !== undefined && !versions.has(version.trim())) {
        throw new BadRequestError(`cdi-version ${version} not supported (supported: ${versionList})`);
      }
    }

    if (route.level === "app" && path.tenantGiven) throw new AppLevelApiUnderTenantError();
    const tenantId = route.level === "app" ? "public" : path.tenantId;
    // The default app and tenant always exist after migrate(): no query on the hot path.
    if (
      (path.appId !== "public" || tenantId !== "public") &&
      !(await services.storage.tenants.exists(path.appId, tenantId))
    ) {
      throw new BadRequestError(
        `AppId or tenantId not found => Tenant with the following connectionURIDomain, appId and tenantId combination not found: (, ${path.appId}, ${tenantId})`,
      );
    }

    if (request.body !== undefined && !isObject(request.body)) {
      throw new BadRequestError("Invalid JSON input: the body must be a JSON object");
    }

    const result = await route.handler({
      request,
      scope: { appId: path.appId, tenantId, tenantGiven: path.tenantGiven },
      body: new JsonBodyReader(request.body),
      query: new QueryReader(request.query),
      services,
    });
    return isCdiResponse(result) ? result : { status: 200, body: result };
  }

  return async function handleCdiRequest(request: CdiRequest): Promise<CdiResponse> {
    let path: CdiPath | undefined;
    try {
      path = parseCdiPath(request.path, isApi);
      if (!path) throw new NotFoundError();
      return await dispatch(request, path);
    } catch (error) {
      if (error instanceof HttpError) return { status: error.status, body: error.message };
      const unavailable = databaseUnavailableReason(error);
      if (unavailable !== undefined) {
        // Expected during a database outage: one warning line, an actionable answer, no stack.
        services.log.warn("Database unavailable", { api: path?.api, reason: unavailable });
        return { status: 500, body: `Database unavailable: ${unavailable}` };
      }
      // Never the message or stack to the client: it may name tables, keys or internals.
      services.log.error("CDI request failed", {
        method: request.method,
        api: path?.api,
        appId: path?.appId,
        tenantId: path?.tenantId,
        error: redactCredentials(errorMessage(error)),
        stack: error instanceof Error && error.stack ? redactCredentials(error.stack) : undefined,
      });
      return INTERNAL_ERROR;
    }
  };
}
