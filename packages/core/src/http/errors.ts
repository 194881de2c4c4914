/**
 * Errors a handler throws to produce a non-200 plain-text answer (CDI-NOTES §7.3: the SDK
 * never parses error bodies, it only puts the text in its exception).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request is malformed; nothing was changed. */
export class BadRequestError extends HttpError {
  constructor(message: string) {
    super(400, message);
  }
}
