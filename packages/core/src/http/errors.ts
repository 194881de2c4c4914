/**
 * Errors a handler throws to produce a non-200 plain-text answer (docs/protocol/cdi.md §7.3: the SDK
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

/** 401: missing or wrong api key (docs/protocol/cdi.md §3 "Conventions"). */
export class InvalidApiKeyError extends HttpError {
  constructor() {
    super(401, "Invalid API key");
  }
}

/** 403: an app-level API was called under a non-public tenant prefix (docs/protocol/cdi.md §2). */
export class AppLevelApiUnderTenantError extends HttpError {
  constructor() {
    super(403, "Only public tenantId can call this app specific API");
  }
}

/** 404: no API at this path. */
export class NotFoundError extends HttpError {
  constructor(message = "Not found") {
    super(404, message);
  }
}

/** 405: the API exists but not for this method. */
export class MethodNotAllowedError extends HttpError {
  constructor() {
    super(405, "Method not supported");
  }
}

/** 413: the body is larger than `max_request_body_bytes`. */
export class PayloadTooLargeError extends HttpError {
  constructor(limit: number) {
    super(413, `Request body too large: the limit is ${limit} bytes (config option max_request_body_bytes)`);
  }
}
