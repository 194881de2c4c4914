import type { JSONPrimitive, SessionClaimValidator } from "../types";
import { TimedValueClaim, wrongValue } from "./timed-value-claim";

/** A list claim stored as `{v: [..], t: fetchedAtMs}` (e.g. `st-role`, `st-perm`). */
export class PrimitiveArrayClaim<T extends JSONPrimitive> extends TimedValueClaim<T[]> {
  // Reason keys per validator follow the official SDK (includesAny's "missing" reason really
  // says expectedToNotInclude there; frontends only show them, but keep them identical).
  validators = {
    includes: (val: T, maxAgeInSeconds = this.defaultMaxAgeInSeconds, id?: string): SessionClaimValidator =>
      this.valueValidator(
        id,
        maxAgeInSeconds,
        (actual) => (actual.includes(val) ? undefined : wrongValue({ expectedToInclude: val }, actual)),
        { expectedToInclude: val },
      ),
    excludes: (val: T, maxAgeInSeconds = this.defaultMaxAgeInSeconds, id?: string): SessionClaimValidator =>
      this.valueValidator(
        id,
        maxAgeInSeconds,
        (actual) => (actual.includes(val) ? wrongValue({ expectedToNotInclude: val }, actual) : undefined),
        { expectedToNotInclude: val },
      ),
    includesAll: (
      val: T[],
      maxAgeInSeconds = this.defaultMaxAgeInSeconds,
      id?: string,
    ): SessionClaimValidator =>
      this.valueValidator(
        id,
        maxAgeInSeconds,
        (actual) =>
          val.every((v) => actual.includes(v)) ? undefined : wrongValue({ expectedToInclude: val }, actual),
        { expectedToInclude: val },
      ),
    includesAny: (
      val: T[],
      maxAgeInSeconds = this.defaultMaxAgeInSeconds,
      id?: string,
    ): SessionClaimValidator =>
      this.valueValidator(
        id,
        maxAgeInSeconds,
        (actual) =>
          val.some((v) => actual.includes(v))
            ? undefined
            : wrongValue({ expectedToIncludeAtLeastOneOf: val }, actual),
        { expectedToNotInclude: val },
      ),
    excludesAll: (
      val: T[],
      maxAgeInSeconds = this.defaultMaxAgeInSeconds,
      id?: string,
    ): SessionClaimValidator =>
      this.valueValidator(
        id,
        maxAgeInSeconds,
        (actual) =>
          val.some((v) => actual.includes(v)) ? wrongValue({ expectedToNotInclude: val }, actual) : undefined,
        { expectedToNotInclude: val },
      ),
  };
}
