/** `recipe/session/claims` (docs/protocol/sdk-surface.md §1.1). */
export { SessionClaim } from "./session-claim";
export { PrimitiveClaim } from "./primitive-claim";
export { PrimitiveArrayClaim } from "./primitive-array-claim";
export { BooleanClaim } from "./boolean-claim";
