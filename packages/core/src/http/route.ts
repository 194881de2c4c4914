import type { CoreConfig } from "../config";
import type { SigningKeyService } from "../recipe/jwt/types";
import type { Storage } from "../storage/types";
import type { CdiRequest, CdiResponse, RequestScope } from "./types";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What a route handler may use. One instance per core. */
export interface CoreServices {
  config: CoreConfig;
  storage: Storage;
  signingKeys: SigningKeyService;
  /** Milliseconds since the epoch; tests may replace it. */
  now(): number;
  log: Logger;
}

/**
 * Typed reads of a JSON body or a query string. Every getter throws `BadRequestError` (HTTP 400,
 * plain-text message naming the field) when the value is missing or has the wrong type, so a
 * handler turns raw input into typed values once, at the edge. Unknown fields are ignored
 * (the official SDK sends extra ones, docs/protocol/cdi.md §2).
 */
export interface InputReader {
  string(name: string): string;
  optionalString(name: string): string | undefined;
  /** Accepts JSON booleans; in a query string, "true"/"false". */
  boolean(name: string): boolean;
  optionalBoolean(name: string): boolean | undefined;
  number(name: string): number;
  optionalNumber(name: string): number | undefined;
  /** A JSON object (not null, not an array). */
  object(name: string): Record<string, unknown>;
  optionalObject(name: string): Record<string, unknown> | undefined;
  stringArray(name: string): string[];
  optionalStringArray(name: string): string[] | undefined;
  /** Present at all (including JSON null)? */
  has(name: string): boolean;
  /** The raw value, for fields whose type varies. */
  raw(name: string): unknown;
}

export interface RouteContext {
  request: CdiRequest;
  scope: RequestScope;
  /** JSON body fields (an empty reader when there is no body). */
  body: InputReader;
  query: InputReader;
  services: CoreServices;
}

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The `<api>` part of the path grammar, e.g. `/recipe/session/refresh`. */
  path: string;
  /** Only for paths shared by several recipes (`/recipe/user`): the `rid` header value it answers. */
  rid?: string;
  /**
   * `tenant`: may be called under any tenant prefix (the tenant must exist).
   * `app`: app-level API; a non-public tenant prefix gets 403
   * "Only public tenantId can call this app specific API".
   */
  level: "tenant" | "app";
  /**
   * Which request checks apply; default `"cdi"` (api key and `cdi-version`).
   * `"apiKey"`: api key only (`/apiversion`, called before a version is agreed, docs/protocol/cdi.md §2).
   * `"public"`: neither (`/`, `/hello`, `/.well-known/jwks.json`, docs/protocol/cdi.md §7.2).
   */
  checks?: "cdi" | "apiKey" | "public";
  /** A plain object is sent as JSON with status 200. */
  handler(ctx: RouteContext): Promise<CdiResponse | Record<string, unknown>>;
}
