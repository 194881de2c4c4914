/** A mistake in `init()`'s config: thrown at init with what to change (STYLE.md "Errors"). */
export function configError(message: string): Error {
  const err = new Error(`supertokens.init: ${message}`);
  err.name = "SuperTokensConfigError";
  return err;
}
