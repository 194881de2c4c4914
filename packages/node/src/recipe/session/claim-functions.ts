/** Claim functions by session handle (docs/protocol/sdk-surface.md §1.6 "Claims"), re-exported by index.ts. */
import { getUserContext } from "../../user-context";
import SessionRecipe from "./recipe";
import type {
  ClaimValidationError,
  SessionClaim,
  SessionClaimValidator,
  SessionInformation,
  UserContext,
} from "./types";

function recipe(): SessionRecipe {
  return SessionRecipe.getInstanceOrThrowError();
}

export async function validateClaimsForSessionHandle(
  sessionHandle: string,
  overrideGlobalClaimValidators?: (
    globalClaimValidators: SessionClaimValidator[],
    sessionInfo: SessionInformation,
    userContext: UserContext,
  ) => Promise<SessionClaimValidator[]> | SessionClaimValidator[],
  userContext?: Record<string, any>,
): Promise<
  { status: "SESSION_DOES_NOT_EXIST_ERROR" } | { status: "OK"; invalidClaims: ClaimValidationError[] }
> {
  const ctx = getUserContext(userContext);
  const r = recipe();
  const impl = r.recipeInterfaceImpl;
  const info = await impl.getSessionInformation({ sessionHandle, userContext: ctx });
  if (info === undefined) return { status: "SESSION_DOES_NOT_EXIST_ERROR" };
  const globals = await impl.getGlobalClaimValidators({
    tenantId: info.tenantId,
    userId: info.userId,
    recipeUserId: info.recipeUserId,
    claimValidatorsAddedByOtherRecipes: r.getClaimValidatorsAddedByOtherRecipes(),
    userContext: ctx,
  });
  const validators = overrideGlobalClaimValidators
    ? await overrideGlobalClaimValidators(globals, info, ctx)
    : globals;
  const result = await impl.validateClaims({
    userId: info.userId,
    recipeUserId: info.recipeUserId,
    accessTokenPayload: info.customClaimsInAccessTokenPayload,
    claimValidators: validators,
    userContext: ctx,
  });
  if (result.accessTokenPayloadUpdate !== undefined) {
    const merged = await impl.mergeIntoAccessTokenPayload({
      sessionHandle,
      accessTokenPayloadUpdate: result.accessTokenPayloadUpdate,
      userContext: ctx,
    });
    if (!merged) return { status: "SESSION_DOES_NOT_EXIST_ERROR" };
  }
  return { status: "OK", invalidClaims: result.invalidClaims };
}

export async function fetchAndSetClaim(
  sessionHandle: string,
  claim: SessionClaim<any>,
  userContext?: Record<string, any>,
) {
  return recipe().recipeInterfaceImpl.fetchAndSetClaim({
    sessionHandle,
    claim,
    userContext: getUserContext(userContext),
  });
}

export async function setClaimValue<T>(
  sessionHandle: string,
  claim: SessionClaim<T>,
  value: T,
  userContext?: Record<string, any>,
) {
  return recipe().recipeInterfaceImpl.setClaimValue({
    sessionHandle,
    claim,
    value,
    userContext: getUserContext(userContext),
  });
}

export async function getClaimValue<T>(
  sessionHandle: string,
  claim: SessionClaim<T>,
  userContext?: Record<string, any>,
) {
  return recipe().recipeInterfaceImpl.getClaimValue({
    sessionHandle,
    claim,
    userContext: getUserContext(userContext),
  });
}

export async function removeClaim(
  sessionHandle: string,
  claim: SessionClaim<any>,
  userContext?: Record<string, any>,
) {
  return recipe().recipeInterfaceImpl.removeClaim({
    sessionHandle,
    claim,
    userContext: getUserContext(userContext),
  });
}
