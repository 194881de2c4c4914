/**
 * SuperTokens' error class (docs/protocol/sdk-surface.md §1.3). Errors are recognised by the `errMagic` field, not
 * `instanceof`, so an error thrown by one copy of this module (two installed versions, an npm
 * alias next to the real name, vitest's module isolation) is still handled by another.
 */
const ERR_MAGIC = "portcullis-supertokens-error-5f0c1e";

export type SuperTokensErrorOptions =
  | { message: string; payload?: unknown; type: string }
  | { message: string; type: "BAD_INPUT_ERROR"; payload: undefined };

export default class SuperTokensError extends Error {
  static readonly BAD_INPUT_ERROR = "BAD_INPUT_ERROR" as const;
  static readonly UNKNOWN_ERROR = "UNKNOWN_ERROR" as const;
  static readonly PLUGIN_ERROR = "PLUGIN_ERROR" as const;

  type: string;
  payload: any;
  /** Set by the recipe that throws it, so `errorHandler` can route it back (docs/protocol/sdk-surface.md §1.3). */
  fromRecipe: string | undefined;
  private readonly errMagic: string;

  constructor(options: SuperTokensErrorOptions) {
    super(options.message);
    this.name = "SuperTokensError";
    this.type = options.type;
    this.payload = options.payload;
    this.fromRecipe = undefined;
    this.errMagic = ERR_MAGIC;
  }

  static isErrorFromSuperTokens(obj: unknown): obj is SuperTokensError {
    return typeof obj === "object" && obj !== null && (obj as { errMagic?: unknown }).errMagic === ERR_MAGIC;
  }
}

/** A plugin's error; answered with its `code` as the HTTP status. */
export class SuperTokensPluginError extends SuperTokensError {
  code: number;
  constructor(options: { message: string; payload?: unknown; code?: number }) {
    super({ message: options.message, payload: options.payload, type: SuperTokensError.PLUGIN_ERROR });
    this.code = options.code ?? 400;
  }
}

export function badInput(message: string): SuperTokensError {
  return new SuperTokensError({ message, type: SuperTokensError.BAD_INPUT_ERROR, payload: undefined });
}

/** Wraps anything thrown by user code into an UNKNOWN_ERROR (keeps SuperTokens errors as they are). */
export function toSuperTokensError(err: unknown): SuperTokensError {
  if (SuperTokensError.isErrorFromSuperTokens(err)) return err;
  const wrapped = new SuperTokensError({
    type: SuperTokensError.UNKNOWN_ERROR,
    message: err instanceof Error ? err.message : String(err),
    payload: err,
  });
  if (err instanceof Error && err.stack) wrapped.stack = err.stack;
  return wrapped;
}
