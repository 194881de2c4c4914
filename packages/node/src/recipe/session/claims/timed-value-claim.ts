import type { JSONObject, JSONValue, SessionClaimValidator, UserContext } from "../types";
import { SessionClaim } from "./session-claim";

type FetchValue<V> = SessionClaim<V>["fetchValue"];

/** The official "wrong value" reason: what was expected, then the actual value. */
export function wrongValue(expected: Record<string, unknown>, actualValue: unknown): Record<string, unknown> {
  return { message: "wrong value", ...expected, actualValue };
}

/**
 * A claim stored as `{v: value, t: fetchedAtMs}` under its key (docs/protocol/fdi.md §3.4): the payload
 * shape PrimitiveClaim and PrimitiveArrayClaim share, and the refetch/expiry rules of their
 * validators.
 */
export abstract class TimedValueClaim<V extends JSONValue> extends SessionClaim<V> {
  public readonly fetchValue: FetchValue<V>;
  public readonly defaultMaxAgeInSeconds: number | undefined;

  constructor(config: { key: string; fetchValue: FetchValue<V>; defaultMaxAgeInSeconds?: number }) {
    super(config.key);
    this.fetchValue = config.fetchValue;
    this.defaultMaxAgeInSeconds = config.defaultMaxAgeInSeconds;
  }

  addToPayload_internal(payload: JSONObject, value: V, _userContext?: UserContext): JSONObject {
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

  getValueFromPayload(payload: JSONObject, _userContext?: UserContext): V | undefined {
    return (payload?.[this.key] as { v?: V } | undefined | null)?.v;
  }

  getLastRefetchTime(payload: JSONObject, _userContext?: UserContext): number | undefined {
    return (payload?.[this.key] as { t?: number } | undefined | null)?.t;
  }

  /**
   * The shape every built-in validator shares: refetch when missing or older than maxAge; fail
   * with "value does not exist", then "expired", then the check's own reason (official texts).
   */
  protected valueValidator(
    id: string | undefined,
    maxAgeInSeconds: number | undefined,
    check: (actual: V) => Record<string, unknown> | undefined,
    missingReason: Record<string, unknown>,
  ): SessionClaimValidator {
    const isTooOld = (payload: JSONObject, userContext: UserContext) => {
      if (maxAgeInSeconds === undefined) return false;
      const fetchedAt = this.getLastRefetchTime(payload, userContext) ?? 0;
      return fetchedAt < Date.now() - maxAgeInSeconds * 1000;
    };
    return {
      id: id ?? this.key,
      claim: this,
      shouldRefetch: (payload: JSONObject, userContext: UserContext) =>
        this.getValueFromPayload(payload, userContext) === undefined || isTooOld(payload, userContext),
      validate: async (payload: JSONObject, userContext: UserContext) => {
        const actual = this.getValueFromPayload(payload, userContext);
        if (actual === undefined) {
          return {
            isValid: false,
            reason: { message: "value does not exist", ...missingReason, actualValue: actual } as any,
          };
        }
        if (maxAgeInSeconds !== undefined) {
          const ageInSeconds = (Date.now() - (this.getLastRefetchTime(payload, userContext) ?? 0)) / 1000;
          if (ageInSeconds > maxAgeInSeconds) {
            return { isValid: false, reason: { message: "expired", ageInSeconds, maxAgeInSeconds } };
          }
        }
        const failure = check(actual);
        return failure === undefined ? { isValid: true } : { isValid: false, reason: failure as any };
      },
    };
  }
}
