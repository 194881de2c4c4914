import type { RecipeUserId, UserContext, JSONObject, SessionClaimValidator } from "../types";

/**
 * A value kept in the access-token payload under `key` and refreshed from its source with
 * `fetchValue` (docs/protocol/sdk-surface.md §1.6 "Claims"). Subclasses decide the payload shape.
 */
export abstract class SessionClaim<T> {
  constructor(public readonly key: string) {}

  /** `undefined` means "leave the payload as it is" (e.g. a factor not yet completed). */
  abstract fetchValue(
    userId: string,
    recipeUserId: RecipeUserId,
    tenantId: string,
    currentPayload: JSONObject | undefined,
    userContext: UserContext,
  ): Promise<T | undefined> | T | undefined;

  /** A copy of `payload` with the value set. */
  abstract addToPayload_internal(payload: JSONObject, value: T, userContext: UserContext): JSONObject;
  /** A copy with the key set to null, so mergeIntoAccessTokenPayload deletes it. */
  abstract removeFromPayloadByMerge_internal(payload: JSONObject, userContext: UserContext): JSONObject;
  /** A copy without the key. */
  abstract removeFromPayload(payload: JSONObject, userContext: UserContext): JSONObject;
  abstract getValueFromPayload(payload: JSONObject, userContext: UserContext): T | undefined;

  async build(
    userId: string,
    recipeUserId: RecipeUserId,
    tenantId: string,
    currentPayload: JSONObject | undefined,
    userContext: UserContext,
  ): Promise<JSONObject> {
    const value = await this.fetchValue(userId, recipeUserId, tenantId, currentPayload, userContext);
    if (value === undefined) return {};
    return this.addToPayload_internal({}, value, userContext);
  }
}

export type { SessionClaimValidator };
