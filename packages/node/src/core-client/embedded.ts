import type * as CoreModule from "@portcullis/core";
import type { CoreConnection } from "../normalise/connection";
import { coreStatusError } from "./core-error";
import { CDI_VERSION, type CoreCall, type CoreTransport, type JWKSResult } from "./types";
import { flattenHeaders, maxAgeFromCacheControl, toSearchParams } from "./wire";

type EmbeddedConnection = Extract<CoreConnection, { transport: "embedded" }>;

/**
 * The core inside this process (ARCHITECTURE.md "embedded"): the same CDI handler the core's
 * HTTP server uses, called directly. `@portcullis/core` (and its SQLite/PostgreSQL drivers) is
 * loaded on the first call only, so apps talking to a remote core never load it.
 */
export class EmbeddedTransport implements CoreTransport {
  private core: Promise<CoreModule.Core> | undefined;

  constructor(readonly connection: EmbeddedConnection) {}

  async call(call: CoreCall): Promise<unknown> {
    const core = await this.start();
    let headers: Record<string, string> = { "cdi-version": CDI_VERSION };
    if (this.connection.apiKey !== undefined) headers["api-key"] = this.connection.apiKey;
    if (call.rid !== undefined) headers.rid = call.rid;
    if (call.method !== "GET") headers["content-type"] = "application/json; charset=utf-8";

    let path = call.path;
    let query = call.query;
    let body = call.body;
    const { networkInterceptor, connectionURI } = this.connection;
    if (networkInterceptor !== undefined) {
      const intercepted = networkInterceptor(
        {
          url: connectionURI + path,
          method: call.method.toLowerCase(),
          headers: { ...headers },
          params: query,
          body,
        },
        call.userContext,
      );
      path = intercepted.url.startsWith(connectionURI) ? intercepted.url.slice(connectionURI.length) : path;
      headers = flattenHeaders(intercepted.headers);
      query = intercepted.params;
      body = intercepted.body;
    }

    // The body takes a JSON round trip, as over HTTP: the core sees exactly what it would on
    // the wire (undefined fields gone, RecipeUserId and Dates as their JSON) and cannot keep a
    // reference into the caller's object. The answer is structuredClone'd so the SDK cannot
    // mutate anything the core caches. Measured here (loaded 2-core machine): ~4–9 µs for a
    // session-create body, ~6–13 µs to clone its answer (JSON round trip: ~12–25 µs), against
    // ~260 µs of RS256 signing in the same call.
    const response = await core.handle({
      method: call.method,
      path,
      query: toSearchParams(query),
      headers,
      body: call.method === "GET" || body === undefined ? undefined : JSON.parse(JSON.stringify(body)),
    });
    if (response.status !== 200) {
      const text = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
      throw coreStatusError(call.method, call.path, response.status, text);
    }
    if (typeof response.body === "string") return response.body;
    return response.body === undefined ? undefined : structuredClone(response.body);
  }

  async getJWKS(): Promise<JWKSResult> {
    const core = await this.start();
    const path = "/.well-known/jwks.json";
    const response = await core.handle({
      method: "GET",
      path,
      query: new URLSearchParams(),
      headers: {},
      body: undefined,
    });
    if (response.status !== 200) {
      throw coreStatusError(
        "GET",
        path,
        response.status,
        typeof response.body === "string" ? response.body : JSON.stringify(response.body),
      );
    }
    const cacheControl = Object.entries(response.headers ?? {}).find(
      ([name]) => name.toLowerCase() === "cache-control",
    )?.[1];
    const parsed = structuredClone(response.body) as { keys: Array<Record<string, unknown>> };
    return { keys: parsed.keys, maxAgeSeconds: maxAgeFromCacheControl(cacheControl) };
  }

  async close(): Promise<void> {
    const core = this.core;
    this.core = undefined;
    if (core !== undefined) await (await core.catch(() => undefined))?.close();
  }

  private start(): Promise<CoreModule.Core> {
    if (this.core === undefined) {
      const attempt = createEmbeddedCore(this.connection);
      this.core = attempt;
      // A failed start (bad database URL, migration error) is retried on the next call.
      attempt.catch(() => {
        if (this.core === attempt) this.core = undefined;
      });
    }
    return this.core;
  }
}

async function createEmbeddedCore(connection: EmbeddedConnection): Promise<CoreModule.Core> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const coreModule = require("@portcullis/core") as typeof CoreModule;
  const overrides = {
    ...connection.core,
    ...("sqlite_path" in connection.storage
      ? { sqlite_path: connection.storage.sqlite_path, postgresql_connection_uri: null }
      : { postgresql_connection_uri: connection.storage.postgresql_connection_uri }),
  };
  // The environment is not read: an embedded core is configured by init() (and its file) only.
  const config =
    connection.coreConfigFile !== undefined
      ? coreModule.loadConfig({ file: connection.coreConfigFile, env: {}, overrides })
      : coreModule.resolveConfig(overrides);
  return coreModule.createCore(config);
}
