/**
 * The transport-neutral shape of one CDI call. The node:http server and the SDK's embedded
 * transport both build a `CdiRequest` and hand it to the same `CdiHandler`, so the routes,
 * validation and errors are one code path whether or not a socket is involved.
 */
export interface CdiRequest {
  method: string;
  /** Path as received, without the query string, e.g. `/appid-x/t1/recipe/session`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /**
   * The parsed JSON body. The HTTP server parses (and rejects malformed JSON with 400) before
   * this point; the embedded transport passes the SDK's object directly. `undefined` = no body.
   */
  body: unknown;
}

export interface CdiResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as `text/plain`; anything else as JSON. */
  body: unknown;
}

export type CdiHandler = (request: CdiRequest) => Promise<CdiResponse>;

/** Where a request landed after the path grammar `(/appid-<id>)?(/<tenant>)?/<api>` was applied. */
export interface RequestScope {
  appId: string;
  tenantId: string;
  /** True when the path carried a tenant segment other than the default (`public`). */
  tenantGiven: boolean;
}
