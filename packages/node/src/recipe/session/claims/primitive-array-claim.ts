import type { JSONObject, JSONPrimitive, SessionClaimValidator, UserContext } from "../types";
import { SessionClaim } from "./session-claim";
import { valueValidator } from "./primitive-claim";

type FetchValue<T> = SessionClaim<T[]>["fetchValue"];

/** A list claim stored as `{v: [..], t: fetchedAtMs}` (e.g. `st-role`, `st-perm`). */
export class PrimitiveArrayClaim<T extends JSONPrimitive> extends SessionClaim<T[]> {
  public readonly fetchValue: FetchValue<T>;
  public readonly defaultMaxAgeInSeconds: number | undefined;

  constructor(config: { key: string; fetchValue: FetchValue<T>; defaultMaxAgeInSeconds?: number }) {
    super(config.key);
    this.fetchValue = config.fetchValue;
    this.defaultMaxAgeInSeconds = config.defaultMaxAgeInSeconds;
  }

  addToPayload_internal(payload: JSONObject, value: T[], _userContext?: UserContext): JSONObject {
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

  getValueFromPayload(payload: JSONObject, _userContext?: UserContext): T[] | undefined {
    return (payload?.[this.key] as { v?: T[] } | undefined | null)?.v;
  }

  getLastRefetchTime(payload: JSONObject, _userContext?: UserContext): number | undefined {
    return (payload?.[this.key] as { t?: number } | undefined | null)?.t;
  }

  // Reason keys per validator follow the official SDK (includesAny's "missing" reason really
  // says expectedToNotInclude there; frontends only show them, but keep them identical).
  validators = {
    includes: (
      val: T,
      maxAgeInSeconds: number | undefined = this.defaultMaxAgeInSeconds,
      id?: string,
    ): SessionClaimValidator =>
      valueValidator(
        this,
        id ?? this.key,
        maxAgeInSeconds,
        (actual) =>
          actual.includes(val)
            ? undefined
            : { message: "wrong value", expectedToInclude: val, actualValue: actual },
        { expectedToInclude: val },
      ),
    excludes: (
      val: T,
      maxAgeInSeconds: number | undefined = this.defaultMaxAgeInSeconds,
      id?: string,
    ): SessionClaimValidator =>
      valueValidator(
        this,
        id ?? this.key,
        maxAgeInSeconds,
        (actual) =>
          actual.includes(val)
            ? { message: "wrong value", expectedToNotInclude: val, actualValue: actual }
            : undefined,
        { expectedToNotInclude: val },
      ),
    includesAll: (
      val: T[],
      maxAgeInSeconds: number | undefined = this.defaultMaxAgeInSeconds,
      id?: string,
    ): SessionClaimValidator =>
      valueValidator(
        this,
        id ?? this.key,
        maxAgeInSeconds,
        (actual) =>
          val.every((v) => actual.includes(v))
            ? undefined
            : { message: "wrong value", expectedToInclude: val, actualValue: actual },
        { expectedToInclude: val },
      ),
    includesAny: (
      val: T[],
      maxAgeInSeconds: number | undefined = this.defaultMaxAgeInSeconds,
      id?: string,
    ): SessionClaimValidator =>
      valueValidator(
        this,
        id ?? this.key,
        maxAgeInSeconds,
        (actual) =>
          val.some((v) => actual.includes(v))
            ? undefined
            : { message: "wrong value", expectedToIncludeAtLeastOneOf: val, actualValue: actual },
        { expectedToNotInclude: val },
      ),
    excludesAll: (
      val: T[],
      maxAgeInSeconds: number | undefined = this.defaultMaxAgeInSeconds,
      id?: string,
    ): SessionClaimValidator =>
      valueValidator(
        this,
        id ?? this.key,
        maxAgeInSeconds,
        (actual) =>
          val.some((v) => actual.includes(v))
            ? { message: "wrong value", expectedToNotInclude: val, actualValue: actual }
            : undefined,
        { expectedToNotInclude: val },
      ),
  };
}
