import SuperTokensError from "../../error";
import type RecipeUserId from "../../recipe-user-id";
import type { ClaimValidationError } from "./types";
import { SESSION_RECIPE_ID } from "./constants";

type SessionErrorOptions =
  | { message: string; type: "UNAUTHORISED"; payload?: { clearTokens: boolean } }
  | { message: string; type: "TRY_REFRESH_TOKEN"; payload?: undefined }
  | {
      message: string;
      type: "TOKEN_THEFT_DETECTED";
      payload: { recipeUserId: RecipeUserId; userId: string; sessionHandle: string };
    }
  | { message: string; type: "INVALID_CLAIMS"; payload: ClaimValidationError[] }
  | { message: string; type: "CLEAR_DUPLICATE_SESSION_COOKIES"; payload?: undefined };

/** `Session.Error` (docs/protocol/sdk-surface.md §1.3); recognised through the foundation's errMagic. */
export default class SessionError extends SuperTokensError {
  static readonly UNAUTHORISED = "UNAUTHORISED" as const;
  static readonly TRY_REFRESH_TOKEN = "TRY_REFRESH_TOKEN" as const;
  static readonly TOKEN_THEFT_DETECTED = "TOKEN_THEFT_DETECTED" as const;
  static readonly INVALID_CLAIMS = "INVALID_CLAIMS" as const;
  static readonly CLEAR_DUPLICATE_SESSION_COOKIES = "CLEAR_DUPLICATE_SESSION_COOKIES" as const;

  constructor(options: SessionErrorOptions) {
    super(
      options.type === "UNAUTHORISED" && options.payload === undefined
        ? { ...options, payload: { clearTokens: true } }
        : (options as { message: string; type: string; payload?: unknown }),
    );
    this.fromRecipe = SESSION_RECIPE_ID;
  }
}

export function unauthorised(message: string, clearTokens: boolean): SessionError {
  return new SessionError({ message, type: SessionError.UNAUTHORISED, payload: { clearTokens } });
}

export function tryRefreshToken(message: string): SessionError {
  return new SessionError({ message, type: SessionError.TRY_REFRESH_TOKEN });
}
