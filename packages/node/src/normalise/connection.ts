import type { CoreConfig } from "@portcullis/core";
import type { HttpRequest, SuperTokensInfo } from "../types";
import type { UserContext } from "../user-context";
import { describe } from "./app-info";
import { configError } from "./config-error";
import { normaliseURLDomain } from "./url-domain";
import { normaliseURLPath } from "./url-path";

/** Where the core is when `supertokens` is left out: the README quickstart's zero-setup default. */
export const DEFAULT_CONNECTION_URI = "sqlite:./.portcullis/auth.db";

export interface CoreHost {
  /** `http://core-a:3567` */
  domain: string;
  /** `/appid-x` or "" (docs/protocol/cdi.md §2 "Hosts"). */
  basePath: string;
}

type Interceptor = (request: HttpRequest, userContext: UserContext) => HttpRequest;

export type CoreConnection =
  | { transport: "http"; hosts: CoreHost[]; apiKey?: string; networkInterceptor?: Interceptor }
  | {
      transport: "embedded";
      /** The connectionURI as given (shown in errors and to the interceptor). */
      connectionURI: string;
      storage: { sqlite_path: string } | { postgresql_connection_uri: string };
      core: Partial<CoreConfig>;
      coreConfigFile?: string;
      apiKey?: string;
      networkInterceptor?: Interceptor;
    };

/** Parses `init({supertokens})` (docs/protocol/sdk-surface.md §1.2 plus the embedded forms, ARCHITECTURE.md). */
export function parseConnection(info: SuperTokensInfo | undefined): CoreConnection {
  if (info === undefined) return embedded(DEFAULT_CONNECTION_URI, {});
  if (info === null || typeof info !== "object") {
    throw configError(
      `supertokens must be an object like { connectionURI: 'http://localhost:3567' } (got ${describe(info)})`,
    );
  }
  const { connectionURI, apiKey, networkInterceptor } = info;
  if (typeof connectionURI !== "string" || connectionURI.trim() === "") {
    throw configError(
      `supertokens.connectionURI must be a core address like 'http://localhost:3567' or an embedded database like '${DEFAULT_CONNECTION_URI}' (got ${describe(connectionURI)})`,
    );
  }
  if (apiKey !== undefined && typeof apiKey !== "string") {
    throw configError(`supertokens.apiKey must be a string (got ${describe(apiKey)})`);
  }
  if (networkInterceptor !== undefined && typeof networkInterceptor !== "function") {
    throw configError("supertokens.networkInterceptor must be a function (request, userContext) => request");
  }
  const uri = connectionURI.trim();
  const lower = uri.toLowerCase();
  if (/^(sqlite:|memory:|postgres:\/\/|postgresql:\/\/)/.test(lower)) {
    if (uri.includes(";")) {
      throw configError(
        `supertokens.connectionURI: an embedded core takes one database, not several hosts separated by ';' (got '${uri}')`,
      );
    }
    return embedded(uri, info);
  }
  if (info.core !== undefined || info.coreConfigFile !== undefined) {
    throw configError(
      "supertokens.core and supertokens.coreConfigFile apply to an embedded core only (connectionURI 'sqlite:…', 'memory:' or 'postgres://…'); configure a remote core in its own config.yaml",
    );
  }
  const hosts = uri
    .split(";")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => parseHost(entry));
  if (hosts.length === 0) throw configError(`supertokens.connectionURI has no host (got '${uri}')`);
  return { transport: "http", hosts, apiKey, networkInterceptor };
}

function parseHost(entry: string): CoreHost {
  const domain = normaliseURLDomain(entry);
  const withScheme = /^https?:\/\//i.test(entry) ? entry : `http://${entry}`;
  let basePath: string | undefined;
  try {
    basePath = normaliseURLPath(new URL(withScheme).pathname);
  } catch {
    basePath = undefined;
  }
  if (domain === undefined || basePath === undefined) {
    throw configError(
      `supertokens.connectionURI: '${entry}' is not a core address like 'http://localhost:3567', nor an embedded database ('sqlite:./auth.db', 'memory:', 'postgres://…')`,
    );
  }
  return { domain, basePath };
}

function embedded(uri: string, info: Partial<SuperTokensInfo>): CoreConnection {
  const lower = uri.toLowerCase();
  let storage: { sqlite_path: string } | { postgresql_connection_uri: string };
  if (lower === "memory:" || lower === "sqlite::memory:") {
    storage = { sqlite_path: ":memory:" };
  } else if (lower.startsWith("sqlite:")) {
    const path = uri.slice("sqlite:".length).replace(/^\/\/(?=\.|\/)/, "");
    if (path === "")
      throw configError(
        `supertokens.connectionURI needs a file after 'sqlite:', e.g. '${DEFAULT_CONNECTION_URI}'`,
      );
    storage = { sqlite_path: path };
  } else if (lower.startsWith("memory:")) {
    throw configError(`supertokens.connectionURI 'memory:' takes nothing after the colon (got '${uri}')`);
  } else {
    storage = { postgresql_connection_uri: uri };
  }
  if (info.core !== undefined && (info.core === null || typeof info.core !== "object")) {
    throw configError(
      `supertokens.core must be an object of core options, e.g. { access_token_validity: 3600 } (got ${describe(info.core)})`,
    );
  }
  if (info.coreConfigFile !== undefined && typeof info.coreConfigFile !== "string") {
    throw configError(
      `supertokens.coreConfigFile must be a path to a config.yaml (got ${describe(info.coreConfigFile)})`,
    );
  }
  return {
    transport: "embedded",
    connectionURI: uri,
    storage,
    core: info.core ?? {},
    coreConfigFile: info.coreConfigFile,
    apiKey: info.apiKey,
    networkInterceptor: info.networkInterceptor,
  };
}
