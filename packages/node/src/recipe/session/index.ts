/**
 * `@portcullis/node/recipe/session` (docs/protocol/sdk-surface.md §1.6): named exports and a `default` with the
 * same members. Public functions take positional arguments and `userContext` last.
 */
import type RecipeUserId from "../../recipe-user-id";
import { getUser } from "../../users";
import { getUserContext, makeUserContextFromRequest } from "../../user-context";
import SessionError from "./error";
import SessionRecipe from "./recipe";
import {
  fetchAndSetClaim,
  getClaimValue,
  removeClaim,
  setClaimValue,
  validateClaimsForSessionHandle,
} from "./claim-functions";
import { createJWT, getJWKS } from "./jwt-functions";
import {
  assertRequiredClaims,
  buildAccessTokenPayload,
  createNewSessionInRequest,
  getSessionFromRequest,
  refreshSessionInRequest,
  type RequestFlowDeps,
} from "./session-request-functions";
import type {
  APIInterface,
  APIOptions,
  JSONObject,
  RecipeInterface,
  SessionClaimValidator,
  SessionContainerInterface as SessionContainer,
  SessionInformation,
  TypeInput,
  UserContext,
  VerifySessionOptions,
} from "./types";
import { toSdkRequest, toSdkResponse } from "./wrap";

const DEFAULT_TENANT_ID = "public";

function recipe(): SessionRecipe {
  return SessionRecipe.getInstanceOrThrowError();
}

export const init = (config?: TypeInput) => SessionRecipe.init(config);
export { SessionError as Error };
export {
  validateClaimsForSessionHandle,
  fetchAndSetClaim,
  setClaimValue,
  getClaimValue,
  removeClaim,
  createJWT,
  getJWKS,
};

export async function createNewSession(
  req: any,
  res: any,
  tenantId: string,
  recipeUserId: RecipeUserId,
  accessTokenPayload: any = {},
  sessionDataInDatabase: any = {},
  userContext?: Record<string, any>,
): Promise<SessionContainer> {
  const request = toSdkRequest(req);
  const ctx = makeUserContextFromRequest(request, userContext);
  const deps = recipe().getRequestFlowDeps();
  const userId = await primaryUserIdFor(deps, recipeUserId, ctx);
  return createNewSessionInRequest(
    deps,
    request,
    toSdkResponse(res),
    tenantId,
    recipeUserId,
    userId,
    accessTokenPayload,
    sessionDataInDatabase,
    ctx,
  );
}

/**
 * Claims of other recipes are built for the primary user, which only the core knows after
 * account linking; without such claims the core resolves it itself on create.
 */
async function primaryUserIdFor(
  deps: RequestFlowDeps,
  recipeUserId: RecipeUserId,
  userContext: UserContext,
): Promise<string> {
  const id = recipeUserId.getAsString();
  if (deps.claimsAddedByOtherRecipes.length === 0) return id;
  return (await getUser(id, userContext))?.id ?? id;
}

export async function createNewSessionWithoutRequestResponse(
  tenantId: string,
  recipeUserId: RecipeUserId,
  accessTokenPayload: any = {},
  sessionDataInDatabase: any = {},
  disableAntiCsrf = false,
  userContext?: Record<string, any>,
): Promise<SessionContainer> {
  const ctx = getUserContext(userContext);
  const deps = recipe().getRequestFlowDeps();
  const userId = await primaryUserIdFor(deps, recipeUserId, ctx);
  const payload = await buildAccessTokenPayload(
    deps,
    userId,
    recipeUserId,
    tenantId,
    accessTokenPayload,
    ctx,
  );
  return deps.recipeImplementation.createNewSession({
    userId,
    recipeUserId,
    accessTokenPayload: payload,
    sessionDataInDatabase,
    disableAntiCsrf,
    tenantId,
    userContext: ctx,
  });
}

export function getSession(req: any, res: any): Promise<SessionContainer>;
export function getSession(
  req: any,
  res: any,
  options?: VerifySessionOptions & { sessionRequired?: true },
  userContext?: Record<string, any>,
): Promise<SessionContainer>;
export function getSession(
  req: any,
  res: any,
  options?: VerifySessionOptions & { sessionRequired: false },
  userContext?: Record<string, any>,
): Promise<SessionContainer | undefined>;
export function getSession(
  req: any,
  res: any,
  options?: VerifySessionOptions,
  userContext?: Record<string, any>,
): Promise<SessionContainer | undefined>;
export async function getSession(
  req: any,
  res: any,
  options?: VerifySessionOptions,
  userContext?: Record<string, any>,
): Promise<SessionContainer | undefined> {
  const request = toSdkRequest(req);
  const ctx = makeUserContextFromRequest(request, userContext);
  return getSessionFromRequest(recipe().getRequestFlowDeps(), request, toSdkResponse(res), options, ctx);
}

export function getSessionWithoutRequestResponse(
  accessToken: string,
  antiCsrfToken?: string,
): Promise<SessionContainer>;
export function getSessionWithoutRequestResponse(
  accessToken: string,
  antiCsrfToken?: string,
  options?: VerifySessionOptions & { sessionRequired?: true },
  userContext?: Record<string, any>,
): Promise<SessionContainer>;
export function getSessionWithoutRequestResponse(
  accessToken: string,
  antiCsrfToken?: string,
  options?: VerifySessionOptions & { sessionRequired: false },
  userContext?: Record<string, any>,
): Promise<SessionContainer | undefined>;
export function getSessionWithoutRequestResponse(
  accessToken: string,
  antiCsrfToken?: string,
  options?: VerifySessionOptions,
  userContext?: Record<string, any>,
): Promise<SessionContainer | undefined>;
export async function getSessionWithoutRequestResponse(
  accessToken: string,
  antiCsrfToken?: string,
  options?: VerifySessionOptions,
  userContext?: Record<string, any>,
): Promise<SessionContainer | undefined> {
  const ctx = getUserContext(userContext);
  const deps = recipe().getRequestFlowDeps();
  const session = await deps.recipeImplementation.getSession({
    accessToken,
    antiCsrfToken,
    options,
    userContext: ctx,
  });
  if (session !== undefined)
    await assertRequiredClaims(deps, session, options?.overrideGlobalClaimValidators, ctx);
  return session;
}

export async function getSessionInformation(
  sessionHandle: string,
  userContext?: Record<string, any>,
): Promise<SessionInformation | undefined> {
  return recipe().recipeInterfaceImpl.getSessionInformation({
    sessionHandle,
    userContext: getUserContext(userContext),
  });
}

export async function refreshSession(
  req: any,
  res: any,
  userContext?: Record<string, any>,
): Promise<SessionContainer> {
  const request = toSdkRequest(req);
  const ctx = makeUserContextFromRequest(request, userContext);
  return refreshSessionInRequest(recipe().getRequestFlowDeps(), request, toSdkResponse(res), ctx);
}

export async function refreshSessionWithoutRequestResponse(
  refreshToken: string,
  disableAntiCsrf = false,
  antiCsrfToken?: string,
  userContext?: Record<string, any>,
): Promise<SessionContainer> {
  return recipe().recipeInterfaceImpl.refreshSession({
    refreshToken,
    antiCsrfToken,
    disableAntiCsrf,
    userContext: getUserContext(userContext),
  });
}

export async function revokeAllSessionsForUser(
  userId: string,
  revokeSessionsForLinkedAccounts = true,
  tenantId?: string,
  userContext?: Record<string, any>,
): Promise<string[]> {
  return recipe().recipeInterfaceImpl.revokeAllSessionsForUser({
    userId,
    revokeSessionsForLinkedAccounts,
    tenantId: tenantId ?? DEFAULT_TENANT_ID,
    revokeAcrossAllTenants: tenantId === undefined,
    userContext: getUserContext(userContext),
  });
}

export async function getAllSessionHandlesForUser(
  userId: string,
  fetchSessionsForAllLinkedAccounts = true,
  tenantId?: string,
  userContext?: Record<string, any>,
): Promise<string[]> {
  return recipe().recipeInterfaceImpl.getAllSessionHandlesForUser({
    userId,
    fetchSessionsForAllLinkedAccounts,
    tenantId: tenantId ?? DEFAULT_TENANT_ID,
    fetchAcrossAllTenants: tenantId === undefined,
    userContext: getUserContext(userContext),
  });
}

export async function revokeSession(
  sessionHandle: string,
  userContext?: Record<string, any>,
): Promise<boolean> {
  return recipe().recipeInterfaceImpl.revokeSession({
    sessionHandle,
    userContext: getUserContext(userContext),
  });
}

export async function revokeMultipleSessions(
  sessionHandles: string[],
  userContext?: Record<string, any>,
): Promise<string[]> {
  return recipe().recipeInterfaceImpl.revokeMultipleSessions({
    sessionHandles,
    userContext: getUserContext(userContext),
  });
}

export async function updateSessionDataInDatabase(
  sessionHandle: string,
  newSessionData: any,
  userContext?: Record<string, any>,
): Promise<boolean> {
  return recipe().recipeInterfaceImpl.updateSessionDataInDatabase({
    sessionHandle,
    newSessionData,
    userContext: getUserContext(userContext),
  });
}

export async function mergeIntoAccessTokenPayload(
  sessionHandle: string,
  accessTokenPayloadUpdate: JSONObject,
  userContext?: Record<string, any>,
): Promise<boolean> {
  return recipe().recipeInterfaceImpl.mergeIntoAccessTokenPayload({
    sessionHandle,
    accessTokenPayloadUpdate,
    userContext: getUserContext(userContext),
  });
}

export type {
  VerifySessionOptions,
  RecipeInterface,
  SessionContainer,
  APIInterface,
  APIOptions,
  SessionInformation,
  SessionClaimValidator,
};
export type { TypeInput as SessionConfig } from "./types";

export default {
  init,
  Error: SessionError,
  createNewSession,
  createNewSessionWithoutRequestResponse,
  validateClaimsForSessionHandle,
  getSession,
  getSessionWithoutRequestResponse,
  getSessionInformation,
  refreshSession,
  refreshSessionWithoutRequestResponse,
  revokeAllSessionsForUser,
  getAllSessionHandlesForUser,
  revokeSession,
  revokeMultipleSessions,
  updateSessionDataInDatabase,
  mergeIntoAccessTokenPayload,
  fetchAndSetClaim,
  setClaimValue,
  getClaimValue,
  removeClaim,
  createJWT,
  getJWKS,
};
