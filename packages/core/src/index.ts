/** The public door of @portcullis/core. */
export { createCore, startCoreServer } from "./core";
export type { Core, CoreOptions, CoreServer } from "./core";
export {
  loadConfig,
  resolveConfig,
  ConfigError,
  DEFAULT_CONFIG,
  CONFIG_OPTIONS,
  SUPPORTED_CDI_VERSIONS,
} from "./config";
export type { CoreConfig, ConfigOption, LoadConfigOptions } from "./config";
export { createCdiHandler } from "./http/handler";
export { HttpError, BadRequestError } from "./http/errors";
export type { CdiRequest, CdiResponse, CdiHandler, RequestScope } from "./http/types";
export type { Route, RouteContext, CoreServices, InputReader, Logger } from "./http/route";
export { createLogger, silentLogger } from "./log";
export type { Storage } from "./storage";
