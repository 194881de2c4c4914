import type { SessionClaimValidator } from "../types";
import { PrimitiveClaim } from "./primitive-claim";
import type { SessionClaim } from "./session-claim";

export class BooleanClaim extends PrimitiveClaim<boolean> {
  constructor(conf: {
    key: string;
    fetchValue: SessionClaim<boolean>["fetchValue"];
    defaultMaxAgeInSeconds?: number;
  }) {
    super(conf);
    const base = this.validators;
    this.validators = {
      ...base,
      isTrue: (maxAge?: number, id?: string): SessionClaimValidator => base.hasValue(true, maxAge, id),
      isFalse: (maxAge?: number, id?: string): SessionClaimValidator => base.hasValue(false, maxAge, id),
    } as BooleanClaim["validators"];
  }

  declare validators: PrimitiveClaim<boolean>["validators"] & {
    isTrue: (maxAge?: number, id?: string) => SessionClaimValidator;
    isFalse: (maxAge?: number, id?: string) => SessionClaimValidator;
  };
}
