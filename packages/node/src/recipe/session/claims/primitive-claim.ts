import type { JSONPrimitive, RecipeUserId, SessionClaimValidator } from "../types";
import { TimedValueClaim, wrongValue } from "./timed-value-claim";

/** A single value stored as `{v: value, t: fetchedAtMs}` under the claim key (docs/protocol/fdi.md §3.4). */
export class PrimitiveClaim<T extends JSONPrimitive> extends TimedValueClaim<T> {
  validators = {
    hasValue: (
      val: T,
      maxAgeInSeconds: number | undefined = this.defaultMaxAgeInSeconds,
      id?: string,
    ): SessionClaimValidator =>
      this.valueValidator(
        id,
        maxAgeInSeconds,
        (actual) => (actual === val ? undefined : wrongValue({ expectedValue: val }, actual)),
        { expectedValue: val },
      ),
  };
}

export type { RecipeUserId };
