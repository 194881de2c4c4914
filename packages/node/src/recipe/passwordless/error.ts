import SuperTokensError from "../../error";
import { PASSWORDLESS_RECIPE_ID } from "./constants";

/** `Passwordless.Error`: the recipe's errors are bad input (400, answered by the errorHandler). */
export default class PasswordlessError extends SuperTokensError {
  constructor(options: { type: "BAD_INPUT_ERROR"; message: string }) {
    super({ ...options, payload: undefined });
    this.fromRecipe = PASSWORDLESS_RECIPE_ID;
  }
}

export function badInput(message: string): PasswordlessError {
  return new PasswordlessError({ type: "BAD_INPUT_ERROR", message });
}
