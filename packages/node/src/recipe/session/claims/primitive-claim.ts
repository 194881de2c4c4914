import type { JSONObject, JSONPrimitive, RecipeUserId, SessionClaimValidator, UserContext } from "../types";
import { SessionClaim } from "./session-claim";

type FetchValue<T> = SessionClaim<T>["fetchValue"];

/** Stored as `{v: value, t: fetchedAtMs}` under the claim key (FDI-NOTES §3.4). */
export class PrimitiveClaim<T extends JSONPrimitive> extends SessionClaim<T> {
  public readonly fetchValue: FetchValue<T>;
  public readonly defaultMaxAgeInSeconds: number | undefined;

  constructor(config: { key: string; fetchValue: FetchValue<T>; defaultMaxAgeInSeconds?: number }) {
    super(config.key);
    this.fetchValue = config.fetchValue;
    this.defaultMaxAgeInSeconds = config.defaultMaxAgeInSeconds;
  }

  addToPayload_internal(payload: JSONObject, value: T, _userContext?: UserContext): JSONObject {
    return { ...payload, [this.key]: { v: value, t: Date.now() } };
  }

  removeFromPayloadByMerge_internal(payload: JSONObject, _userContext?: UserContext): JSONObject {
    return { ...payload, [this.key]: null };
  }

  removeFromPayload(payload: JSONObject, _userContext?: UserContext): JSONObject {
    const copy = { ...payload };
    delete copy[this.key];
    return copy;
  }

  getValueFromPayload(payload: JSONObject, _userContext?: UserContext): T | undefined {
    return (payload?.[this.key] as { v?: T } | undefined | null)?.v;
  }

  getLastRefetchTime(payload: JSONObject, _userContext?: UserContext): number | undefined {
    return (payload?.[this.key] as { t?: number } | undefined | null)?.t;
  }

  validators = {
    hasValue: (
      val: T,
      maxAgeInSeconds: number | undefined = this.defaultMaxAgeInSeconds,
      id?: string,
    ): SessionClaimValidator =>
      valueValidator(
        this,
        id ?? this.key,
        maxAgeInSeconds,
        (actual) =>
          actual === val ? undefined : { message: "wrong value", expectedValue: val, actualValue: actual },
        { expectedValue: val },
      ),
  };
}

interface TimedClaim<V> extends SessionClaim<V> {
  getLastRefetchTime(payload: JSONObject, userContext?: UserContext): number | undefined;
}

/**
 * The shape every built-in validator shares: refetch when missing or older than maxAge; fail
 * with "value does not exist", then "expired", then the check's own reason (official texts).
 */
export function valueValidator<V>(
  claim: TimedClaim<V>,
  id: string,
  maxAgeInSeconds: number | undefined,
  check: (actual: V) => Record<string, unknown> | undefined,
  missingReason: Record<string, unknown>,
): SessionClaimValidator {
  const isTooOld = (payload: JSONObject, userContext: UserContext) => {
    if (maxAgeInSeconds === undefined) return false;
    const fetchedAt = claim.getLastRefetchTime(payload, userContext) ?? 0;
    return fetchedAt < Date.now() - maxAgeInSeconds * 1000;
  };
  return {
    id,
    claim,
    shouldRefetch: (payload: JSONObject, userContext: UserContext) =>
      claim.getValueFromPayload(payload, userContext) === undefined || isTooOld(payload, userContext),
    validate: async (payload: JSONObject, userContext: UserContext) => {
      const actual = claim.getValueFromPayload(payload, userContext);
      if (actual === undefined) {
        return {
          isValid: false,
          reason: { message: "value does not exist", ...missingReason, actualValue: actual } as any,
        };
      }
      if (maxAgeInSeconds !== undefined) {
        const ageInSeconds = (Date.now() - (claim.getLastRefetchTime(payload, userContext) ?? 0)) / 1000;
        if (ageInSeconds > maxAgeInSeconds) {
          return { isValid: false, reason: { message: "expired", ageInSeconds, maxAgeInSeconds } };
        }
      }
      const failure = check(actual);
      return failure === undefined ? { isValid: true } : { isValid: false, reason: failure as any };
    },
  };
}

export type { RecipeUserId };
