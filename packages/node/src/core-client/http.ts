import type { CoreHost } from "../normalise/connection";
import type { HttpRequest } from "../types";
import type { UserContext } from "../user-context";
import {
  NO_CORE_AVAILABLE_MESSAGE,
  NOT_COMPATIBLE_MESSAGE,
  coreStatusError,
  largestCommonVersion,
} from "./core-error";
import { CoreUnreachableError, KeepAliveRequester, type RawResponse } from "./http-request";
import {
  CDI_VERSION,
  type CoreCall,
  type CoreMethod,
  type CoreQuery,
  type CoreTransport,
  type JWKSResult,
} from "./types";
import { flattenHeaders, maxAgeFromCacheControl, toQueryString } from "./wire";

/** docs/protocol/cdi.md §2: 429 is retried 5 times per URL, waiting 10 + 250·n ms. */
const MAX_RATE_LIMIT_RETRIES = 5;

export interface HttpTransportOptions {
  hosts: CoreHost[];
  apiKey?: string;
  networkInterceptor?: (request: HttpRequest, userContext: UserContext) => HttpRequest;
  /** `/apiversion` carries the app's domains (docs/protocol/cdi.md §2 "Handshake"). */
  handshakeParams(userContext: UserContext): { apiDomain: string; websiteDomain: string };
}

// Once per process, as the official SDK (docs/protocol/cdi.md §2); `resetHttpTransportState` clears it for tests.
let negotiatedVersion: Promise<string> | undefined;

export function resetHttpTransportState(): void {
  negotiatedVersion = undefined;
}

export class HttpTransport implements CoreTransport {
  private readonly requester = new KeepAliveRequester();
  private nextHostIndex = 0;

  constructor(private readonly options: HttpTransportOptions) {}

  async call(call: CoreCall): Promise<unknown> {
    const version = await this.cdiVersion(call.userContext);
    const headers: Record<string, string> = { "cdi-version": version };
    if (this.options.apiKey !== undefined) headers["api-key"] = this.options.apiKey;
    if (call.rid !== undefined) headers.rid = call.rid;
    if (call.method !== "GET") headers["content-type"] = "application/json; charset=utf-8";
    const response = await this.send(
      call.method,
      call.path,
      headers,
      call.query,
      call.body,
      call.userContext,
    );
    return parseBody(response);
  }

  async getJWKS(): Promise<JWKSResult> {
    // Tried in order with neither api-key nor cdi-version, as jose's remote JWK set does (docs/protocol/cdi.md §2 "JWKS").
    let lastError: unknown;
    for (const host of this.options.hosts) {
      let response: RawResponse;
      try {
        response = await this.requester.send(
          "GET",
          `${host.domain}${host.basePath}/.well-known/jwks.json`,
          {},
          undefined,
        );
      } catch (err) {
        lastError = err;
        continue;
      }
      if (response.status !== 200)
        throw coreStatusError("GET", "/.well-known/jwks.json", response.status, response.text);
      const parsed = JSON.parse(response.text) as { keys: Array<Record<string, unknown>> };
      return { keys: parsed.keys, maxAgeSeconds: maxAgeFromCacheControl(response.cacheControl) };
    }
    throw lastError ?? new Error(NO_CORE_AVAILABLE_MESSAGE);
  }

  async close(): Promise<void> {
    this.requester.close();
  }

  private cdiVersion(userContext: UserContext): Promise<string> {
    if (negotiatedVersion === undefined) {
      const attempt = this.handshake(userContext);
      negotiatedVersion = attempt;
      // A failed handshake is not cached: the next call tries again.
      attempt.catch(() => {
        if (negotiatedVersion === attempt) negotiatedVersion = undefined;
      });
    }
    return negotiatedVersion;
  }

  private async handshake(userContext: UserContext): Promise<string> {
    const headers: Record<string, string> = {};
    if (this.options.apiKey !== undefined) headers["api-key"] = this.options.apiKey;
    const response = await this.send(
      "GET",
      "/apiversion",
      headers,
      this.options.handshakeParams(userContext),
      undefined,
      userContext,
    );
    const body = parseBody(response) as { versions?: unknown };
    const version = largestCommonVersion(body?.versions, [CDI_VERSION]);
    if (version === undefined) throw new Error(NOT_COMPATIBLE_MESSAGE);
    return version;
  }

  /** Round-robin over hosts, failover on unreachable ones, 429 retries (docs/protocol/cdi.md §2 "Hosts"). */
  private async send(
    method: CoreMethod,
    path: string,
    baseHeaders: Record<string, string>,
    query: CoreQuery | undefined,
    body: unknown,
    userContext: UserContext,
  ): Promise<RawResponse> {
    const { hosts, networkInterceptor } = this.options;
    let unreachableTriesLeft = hosts.length;
    const rateLimitRetriesLeft = new Map<string, number>();
    for (;;) {
      if (unreachableTriesLeft === 0) throw new Error(NO_CORE_AVAILABLE_MESSAGE);
      const host = hosts[this.nextHostIndex];
      this.nextHostIndex = (this.nextHostIndex + 1) % hosts.length;
      const hostURL = `${host.domain}${host.basePath}${path}`;

      let request: HttpRequest = {
        url: hostURL,
        method: method.toLowerCase(),
        headers: { ...baseHeaders },
        params: query,
        body,
      };
      if (networkInterceptor !== undefined) request = networkInterceptor(request, userContext);
      const url = request.url + toQueryString(request.params);
      const bodyText =
        method === "GET" || request.body === undefined ? undefined : JSON.stringify(request.body);

      let response: RawResponse;
      try {
        response = await this.requester.send(method, url, flattenHeaders(request.headers), bodyText);
      } catch (err) {
        if (err instanceof CoreUnreachableError) {
          unreachableTriesLeft--;
          continue;
        }
        throw err;
      }
      if (response.status === 200) return response;
      if (response.status === 429) {
        const left = rateLimitRetriesLeft.get(hostURL) ?? MAX_RATE_LIMIT_RETRIES;
        if (left > 0) {
          rateLimitRetriesLeft.set(hostURL, left - 1);
          await new Promise((resolve) => setTimeout(resolve, 10 + 250 * (MAX_RATE_LIMIT_RETRIES - left)));
          continue;
        }
      }
      throw coreStatusError(method, path, response.status, response.text);
    }
  }
}

function parseBody(response: RawResponse): unknown {
  if (response.contentType?.startsWith("text")) return response.text;
  return JSON.parse(response.text);
}
