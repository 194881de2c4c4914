import { AppLevelApiUnderTenantError, BadRequestError } from "../../http/errors";
import type { CoreServices, InputReader, Route, RouteContext } from "../../http/route";
import { findProtectedClaim } from "./access-token";
import { refreshSession } from "./refresh";
import { regenerateSession } from "./regenerate";
import { SessionService } from "./service";
import { verifySession } from "./verify";

/**
 * The CDI session endpoints (docs/protocol/cdi.md §3 "Session"). This file is the HTTP edge: it turns
 * raw input into typed values (400 on anything malformed, before anything changes) and hands
 * them to the logic in service.ts, verify.ts, refresh.ts and regenerate.ts.
 */

/** One SessionService per core, so its cached refresh-token keys live as long as the core. */
const servicesByCore = new WeakMap<CoreServices, SessionService>();

function sessionService(ctx: RouteContext): SessionService {
  let service = servicesByCore.get(ctx.services);
  if (service === undefined) {
    service = new SessionService(ctx.services);
    servicesByCore.set(ctx.services, service);
  }
  return service;
}

function nonEmptyString(input: InputReader, name: string): string {
  const value = input.string(name);
  if (value === "")
    throw new BadRequestError(`Field name '${name}' is invalid in JSON input: expected a non-empty string`);
  return value;
}

/**
 * `session_info.user_id` is VARCHAR(128) (docs/protocol/cdi.md table layout), counted in characters: a
 * longer id is a 400 here rather than a database error later (where it would also fail the
 * other sessions created in the same batched statement).
 */
const MAX_USER_ID_CHARACTERS = 128;

function sessionUserId(input: InputReader): string {
  const userId = nonEmptyString(input, "userId");
  if ([...userId].length > MAX_USER_ID_CHARACTERS)
    throw new BadRequestError(
      `Field name 'userId' is invalid in JSON input: at most ${MAX_USER_ID_CHARACTERS} characters`,
    );
  return userId;
}

/** userDataInJWT: an object whose keys do not collide with the claims the core owns (docs/protocol/cdi.md §5). */
function customClaims(input: InputReader, name: string): Record<string, unknown> {
  const claims = input.optionalObject(name) ?? {};
  const collision = findProtectedClaim(claims);
  if (collision !== undefined) {
    throw new BadRequestError(
      `The user payload contains protected field '${collision}': rename or remove it from ${name}`,
    );
  }
  return claims;
}

/** `revokeAcrossAllTenants` / `fetchAcrossAllTenants`: only the public tenant may ask for every tenant. */
function acrossAllTenants(ctx: RouteContext, input: InputReader, name: string): boolean {
  const value = input.optionalBoolean(name) ?? !ctx.scope.tenantGiven;
  if (value && ctx.scope.tenantGiven) throw new AppLevelApiUnderTenantError();
  return value;
}

export const sessionRoutes: Route[] = [
  {
    method: "POST",
    path: "/recipe/session",
    level: "tenant",
    handler: async (ctx) => ({
      ...(await sessionService(ctx).create({
        appId: ctx.scope.appId,
        tenantId: ctx.scope.tenantId,
        recipeUserId: sessionUserId(ctx.body),
        userDataInJWT: customClaims(ctx.body, "userDataInJWT"),
        userDataInDatabase: ctx.body.optionalObject("userDataInDatabase") ?? {},
        enableAntiCsrf: ctx.body.optionalBoolean("enableAntiCsrf") ?? false,
        useDynamicSigningKey: ctx.body.optionalBoolean("useDynamicSigningKey") ?? true,
      })),
    }),
  },
  {
    method: "POST",
    path: "/recipe/session/verify",
    level: "app",
    handler: async (ctx) => ({
      ...(await verifySession(sessionService(ctx), {
        appId: ctx.scope.appId,
        accessToken: ctx.body.string("accessToken"),
        antiCsrfToken: ctx.body.optionalString("antiCsrfToken"),
        doAntiCsrfCheck: ctx.body.optionalBoolean("doAntiCsrfCheck") ?? false,
        enableAntiCsrf: ctx.body.optionalBoolean("enableAntiCsrf") ?? false,
        checkDatabase: ctx.body.optionalBoolean("checkDatabase") ?? false,
      })),
    }),
  },
  {
    method: "POST",
    path: "/recipe/session/refresh",
    level: "app",
    handler: async (ctx) => ({
      ...(await refreshSession(sessionService(ctx), {
        appId: ctx.scope.appId,
        refreshToken: ctx.body.string("refreshToken"),
        antiCsrfToken: ctx.body.optionalString("antiCsrfToken"),
        enableAntiCsrf: ctx.body.boolean("enableAntiCsrf"),
        useDynamicSigningKey: ctx.body.boolean("useDynamicSigningKey"),
      })),
    }),
  },
  {
    // Two forms (docs/protocol/cdi.md §3): `{sessionHandles}` (any tenant: handles name theirs), or
    // `{userId, revokeAcrossAllTenants, revokeSessionsForLinkedAccounts}`.
    method: "POST",
    path: "/recipe/session/remove",
    level: "tenant",
    handler: async (ctx) => {
      const service = sessionService(ctx);
      const byHandles = ctx.body.optionalStringArray("sessionHandles");
      const userId = ctx.body.optionalString("userId");
      if ((byHandles === undefined) === (userId === undefined)) {
        throw new BadRequestError(
          "Give exactly one of 'sessionHandles' (an array of strings) or 'userId' (a string)",
        );
      }
      if (byHandles !== undefined) {
        return {
          status: "OK",
          sessionHandlesRevoked: await service.removeByHandles(ctx.scope.appId, byHandles),
        };
      }
      const allTenants = acrossAllTenants(ctx, ctx.body, "revokeAcrossAllTenants");
      const includeLinked = ctx.body.optionalBoolean("revokeSessionsForLinkedAccounts") ?? true;
      const revoked = await service.removeByUser(
        ctx.scope.appId,
        allTenants ? undefined : ctx.scope.tenantId,
        userId as string,
        includeLinked,
      );
      return { status: "OK", sessionHandlesRevoked: revoked };
    },
  },
  {
    method: "POST",
    path: "/recipe/session/regenerate",
    level: "app",
    handler: async (ctx) => ({
      ...(await regenerateSession(sessionService(ctx), {
        appId: ctx.scope.appId,
        accessToken: ctx.body.string("accessToken"),
        userDataInJWT: customClaims(ctx.body, "userDataInJWT"),
      })),
    }),
  },
  {
    method: "GET",
    path: "/recipe/session",
    level: "app",
    handler: async (ctx) => ({
      ...(await sessionService(ctx).information(ctx.scope.appId, ctx.query.string("sessionHandle"))),
    }),
  },
  {
    // `/<t>/recipe/session/user`, or app-wide with fetchAcrossAllTenants=true (docs/protocol/cdi.md §3).
    method: "GET",
    path: "/recipe/session/user",
    level: "tenant",
    handler: async (ctx) => {
      const userId = nonEmptyString(ctx.query, "userId");
      const includeLinked = ctx.query.optionalBoolean("fetchSessionsForAllLinkedAccounts") ?? true;
      const allTenants = acrossAllTenants(ctx, ctx.query, "fetchAcrossAllTenants");
      const handles = await sessionService(ctx).handlesOfUser(
        ctx.scope.appId,
        allTenants ? undefined : ctx.scope.tenantId,
        userId,
        includeLinked,
      );
      return { status: "OK", sessionHandles: handles };
    },
  },
  {
    method: "PUT",
    path: "/recipe/session/data",
    level: "app",
    handler: async (ctx) => ({
      ...(await sessionService(ctx).updateSessionData(
        ctx.scope.appId,
        ctx.body.string("sessionHandle"),
        ctx.body.object("userDataInDatabase"),
      )),
    }),
  },
  {
    // Legacy (docs/protocol/cdi.md §3); the spec lists it under a tenant prefix, node calls it without one.
    method: "PUT",
    path: "/recipe/jwt/data",
    level: "tenant",
    handler: async (ctx) => ({
      ...(await sessionService(ctx).updateJwtPayload(
        ctx.scope.appId,
        ctx.body.string("sessionHandle"),
        requiredCustomClaims(ctx.body),
      )),
    }),
  },
];

function requiredCustomClaims(input: InputReader): Record<string, unknown> {
  input.object("userDataInJWT");
  return customClaims(input, "userDataInJWT");
}
