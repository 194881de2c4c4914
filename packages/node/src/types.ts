/** Public config and value types (`@portcullis/node/types`, like supertokens-node's `lib/build/types`). */
import type { SdkRequest } from "./framework/types";
import type { RecipeListFunction } from "./recipe-module";
import type { UserContext } from "./user-context";
import type { CoreConfig } from "@portcullis/core";

export type { UserContext } from "./user-context";
export type { User as UserType, LoginMethodJSON, UserJSON } from "./user";

export interface AppInfo {
  appName: string;
  apiDomain: string;
  websiteDomain?: string;
  origin?: string | ((input: { request: SdkRequest | undefined; userContext: UserContext }) => string);
  apiBasePath?: string;
  websiteBasePath?: string;
  apiGatewayPath?: string;
}

export interface NormalisedAppInfo {
  appName: string;
  /** e.g. `https://api.example.com` (scheme, host and port only). */
  apiDomain: string;
  /** The website's normalised domain for this request (`origin` may depend on it). */
  getOrigin(input: { request: SdkRequest | undefined; userContext: UserContext }): string;
  /** apiGatewayPath + apiBasePath: what the browser sees (cookie paths, `iss`). */
  apiBasePath: string;
  apiGatewayPath: string;
  websiteBasePath: string;
  /** Registrable domains, to decide same-site (docs/protocol/fdi.md §3.3). */
  topLevelAPIDomain: string;
  getTopLevelWebsiteDomain(input: { request: SdkRequest | undefined; userContext: UserContext }): string;
}

/** One request the SDK is about to send to the core over HTTP (`networkInterceptor`). */
export interface HttpRequest {
  url: string;
  method: string;
  headers: { [key: string]: string | number | string[] };
  params?: Record<string, boolean | number | string | undefined>;
  body?: any;
}

export interface SuperTokensInfo {
  /**
   * `http(s)://host[:port][/appid-x]` (several separated by `;`) for a core over HTTP; or an
   * embedded core: `sqlite:./path.db`, `memory:`, `postgres://…` / `postgresql://…`.
   */
  connectionURI: string;
  apiKey?: string;
  networkInterceptor?: (request: HttpRequest, userContext: UserContext) => HttpRequest;
  /** Accepted for compatibility; this SDK does not cache core calls. */
  disableCoreCallCache?: boolean;
  /** Embedded only: options of the standalone core (its config.yaml names). */
  core?: Partial<CoreConfig>;
  /** Embedded only: a core config.yaml to load (options in `core` win). */
  coreConfigFile?: string;
}

export type FrameworkName = "express" | "fastify" | "hapi" | "loopback" | "koa" | "awsLambda" | "custom";

export interface TypeInput {
  supertokens?: SuperTokensInfo;
  framework?: FrameworkName;
  appInfo: AppInfo;
  recipeList: RecipeListFunction[];
  telemetry?: boolean;
  isInServerlessEnv?: boolean;
  debug?: boolean;
  experimental?: { plugins?: unknown[] };
}

export type SuperTokensConfig = TypeInput;

export type JSONPrimitive = string | number | boolean | null;
export type JSONValue = JSONPrimitive | JSONObject | JSONValue[] | undefined;
export interface JSONObject {
  [key: string]: JSONValue;
}
