/**
 * Core configuration: SuperTokens core's option names (snake_case, as in its config.yaml)
 * and defaults (docs/protocol/cdi.md §5 "Config defaults"), plus Portcullis additions. Defaults live in
 * this one file and are validated at start; an unknown or invalid option fails with a
 * message naming it and what is allowed.
 *
 * Sources, highest precedence first: an explicit overrides object, environment variables
 * (`PORTCULLIS_<OPTION>` or `<OPTION>` upper-cased, as SuperTokens' docker image reads them),
 * the YAML file, the defaults below.
 */
import { existsSync, readFileSync } from "node:fs";

export interface CoreConfig {
  port: number;
  host: string;
  /** null = open (no api key needed). Each key ≥ 20 chars, `[a-zA-Z0-9=-]`. */
  api_keys: string[] | null;
  /** Seconds. */
  access_token_validity: number;
  /** Minutes. */
  refresh_token_validity: number;
  /** Hours. */
  access_token_dynamic_signing_key_update_interval: number;
  /** Milliseconds. */
  password_reset_token_lifetime: number;
  /** Milliseconds. */
  email_verification_token_lifetime: number;
  /** Milliseconds. */
  passwordless_code_lifetime: number;
  passwordless_max_code_input_attempts: number;
  password_hashing_alg: "BCRYPT" | "ARGON2";
  bcrypt_log_rounds: number;
  argon2_iterations: number;
  argon2_memory_kb: number;
  argon2_parallelism: number;
  /** e.g. "5.4": caps the versions `/apiversion` lists; null = no cap. */
  supertokens_max_cdi_version: string | null;
  /** Seconds (Portcullis/core 12.1): reuse of the previous refresh token inside it is not theft. */
  refresh_token_rotation_grace_period: number;
  /** Fraction (0–0.5) of access_token_validity shaved off at random (core 12.1); 0 disables. */
  access_token_validity_jitter: number;
  /** `postgresql://…`; when null the core uses the embedded SQLite file below. */
  postgresql_connection_uri: string | null;
  /** Connections from this process to PostgreSQL (SuperTokens core's option, default 10). */
  postgresql_connection_pool_size: number;
  /**
   * Portcullis: run the per-request statements as named prepared statements (true). Set false
   * behind a pooler that hands each transaction a different server connection (PgBouncer in
   * transaction mode before 1.21, or without `max_prepared_statements`).
   */
  postgresql_prepared_statements: boolean;
  /** Portcullis: path of the embedded SQLite database (default `./.portcullis/auth.db`); `:memory:` for tests. */
  sqlite_path: string;
  /** Largest request body accepted, in bytes (Portcullis). */
  max_request_body_bytes: number;
  log_level: "DEBUG" | "INFO" | "WARN" | "ERROR" | "NONE";
}

export type ConfigOption = keyof CoreConfig;

/** Thrown for an unknown or invalid option; `option` names it (undefined for file-level problems). */
export class ConfigError extends Error {
  readonly code = "ERR_CONFIG_INVALID";
  constructor(
    message: string,
    readonly option?: string,
  ) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * The defaults, in one place. Where Portcullis differs from SuperTokens core:
 * - `host` 127.0.0.1 (core: localhost): bind to IPv4 loopback explicitly, never by accident to
 *   every interface, and avoid `localhost` resolving to ::1 on some systems;
 * - `access_token_validity_jitter` 0 (core 12.1: 0.05): upstream cores up to 11.x, which
 *   supertokens-node 24 was tested against, issue exactly `now + validity`; set 0.05 to spread
 *   refresh storms as core 12.1 does.
 */
export const DEFAULT_CONFIG: Readonly<CoreConfig> = Object.freeze({
  port: 3567,
  host: "127.0.0.1",
  api_keys: null,
  access_token_validity: 3600,
  refresh_token_validity: 144000,
  access_token_dynamic_signing_key_update_interval: 168,
  password_reset_token_lifetime: 3600000,
  email_verification_token_lifetime: 86400000,
  passwordless_code_lifetime: 900000,
  passwordless_max_code_input_attempts: 5,
  password_hashing_alg: "BCRYPT",
  bcrypt_log_rounds: 11,
  argon2_iterations: 1,
  argon2_memory_kb: 87795,
  argon2_parallelism: 2,
  supertokens_max_cdi_version: null,
  refresh_token_rotation_grace_period: 30,
  access_token_validity_jitter: 0,
  postgresql_connection_uri: null,
  postgresql_connection_pool_size: 10,
  postgresql_prepared_statements: true,
  sqlite_path: "./.portcullis/auth.db",
  max_request_body_bytes: 1024 * 1024,
  log_level: "INFO",
});

/** CDI versions this core answers in (docs/protocol/cdi.md §2: supertokens-node 24 speaks only 5.4). */
export const SUPPORTED_CDI_VERSIONS: readonly string[] = Object.freeze(["5.4"]);

// ---------------------------------------------------------------------------------------------
// Parsers: each turns a raw value (YAML scalar, env string or JS value) into the typed option,
// or throws a ConfigError naming the option and what is allowed.

type Parser<T> = (raw: unknown, option: string) => T;

function invalid(option: string, allowed: string, raw: unknown): never {
  throw new ConfigError(
    `Invalid value for config option '${option}': ${allowed} (got ${describe(raw)})`,
    option,
  );
}

function describe(raw: unknown): string {
  if (typeof raw === "string") return JSON.stringify(raw);
  if (raw === null || raw === undefined) return String(raw);
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  return Array.isArray(raw) ? "a list" : "an object";
}

function number(opts: { min: number; max?: number; integer: boolean; unit?: string }): Parser<number> {
  const range = opts.max === undefined ? `at least ${opts.min}` : `between ${opts.min} and ${opts.max}`;
  const allowed = `${opts.integer ? "an integer" : "a number"} ${range}${opts.unit ? ` (${opts.unit})` : ""}`;
  return (raw, option) => {
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw.trim()) : raw;
    if (
      typeof value !== "number" ||
      !Number.isFinite(value) ||
      (opts.integer && !Number.isInteger(value)) ||
      value < opts.min ||
      (opts.max !== undefined && value > opts.max)
    ) {
      invalid(option, `must be ${allowed}`, raw);
    }
    return value;
  };
}

function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  return (raw, option) => {
    const value = typeof raw === "string" ? raw.trim().toUpperCase() : raw;
    if (!values.includes(value as T)) invalid(option, `must be one of ${values.join(", ")}`, raw);
    return value as T;
  };
}

function boolean(raw: unknown, option: string): boolean {
  const value = typeof raw === "string" ? raw.trim().toLowerCase() : raw;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return invalid(option, "true or false", raw);
}

function nonEmptyString(raw: unknown, option: string): string {
  if (typeof raw !== "string" || raw.trim() === "") invalid(option, "must be a non-empty string", raw);
  return raw.trim();
}

const API_KEY_PATTERN = /^[a-zA-Z0-9=-]{20,}$/;

/** Comma-separated in the file and env (as in SuperTokens core); a YAML list is accepted too. */
function apiKeys(raw: unknown, option: string): string[] | null {
  if (raw === null) return null;
  let parts: unknown[];
  if (typeof raw === "string") parts = raw.split(",");
  else if (Array.isArray(raw)) parts = raw;
  else invalid(option, "must be a comma-separated string of keys", raw);
  const keys: string[] = [];
  for (const part of parts) {
    if (typeof part !== "string") invalid(option, "must be a comma-separated string of keys", raw);
    const key = part.trim();
    if (key === "") continue;
    // The key itself is a secret: say what is wrong with it, never echo it.
    if (!API_KEY_PATTERN.test(key)) {
      throw new ConfigError(
        `Invalid value for config option '${option}': each key must be at least 20 characters of a-z, A-Z, 0-9, '=' and '-' ` +
          `(key number ${keys.length + 1} has ${key.length} characters${/^[a-zA-Z0-9=-]*$/.test(key) ? "" : " and a character outside that set"})`,
        option,
      );
    }
    keys.push(key);
  }
  return keys.length === 0 ? null : keys;
}

function cdiVersion(raw: unknown, option: string): string | null {
  if (raw === null) return null;
  const value = typeof raw === "number" ? raw.toFixed(1) : raw;
  const lowest = SUPPORTED_CDI_VERSIONS[0];
  if (
    typeof value !== "string" ||
    !/^\d+\.\d+$/.test(value.trim()) ||
    compareVersions(value.trim(), lowest) < 0
  ) {
    invalid(
      option,
      `must be null or a CDI version "X.Y" of at least ${lowest} (supported: ${SUPPORTED_CDI_VERSIONS.join(", ")})`,
      raw,
    );
  }
  return value.trim();
}

function postgresUri(raw: unknown, option: string): string | null {
  if (raw === null) return null;
  // Never echo the value: it may carry a password.
  if (typeof raw !== "string" || !/^postgres(ql)?:\/\/.+/.test(raw.trim())) {
    throw new ConfigError(
      `Invalid value for config option '${option}': must be null or a URI starting with postgresql:// (or postgres://)`,
      option,
    );
  }
  return raw.trim();
}

const PARSERS: { [K in ConfigOption]: Parser<CoreConfig[K]> } = {
  port: number({ min: 0, max: 65535, integer: true }),
  host: nonEmptyString,
  api_keys: apiKeys,
  access_token_validity: number({ min: 1, max: 86400000, integer: true, unit: "seconds" }),
  refresh_token_validity: number({ min: Number.MIN_VALUE, integer: false, unit: "minutes" }),
  access_token_dynamic_signing_key_update_interval: number({
    min: Number.MIN_VALUE,
    integer: false,
    unit: "hours",
  }),
  password_reset_token_lifetime: number({ min: 1, integer: true, unit: "milliseconds" }),
  email_verification_token_lifetime: number({ min: 1, integer: true, unit: "milliseconds" }),
  passwordless_code_lifetime: number({ min: 1, integer: true, unit: "milliseconds" }),
  passwordless_max_code_input_attempts: number({ min: 1, integer: true }),
  password_hashing_alg: oneOf(["BCRYPT", "ARGON2"] as const),
  bcrypt_log_rounds: number({ min: 4, max: 31, integer: true }),
  argon2_iterations: number({ min: 1, integer: true }),
  argon2_memory_kb: number({ min: 8, integer: true }),
  argon2_parallelism: number({ min: 1, max: 255, integer: true }),
  supertokens_max_cdi_version: cdiVersion,
  refresh_token_rotation_grace_period: number({ min: 0, integer: false, unit: "seconds" }),
  access_token_validity_jitter: number({
    min: 0,
    max: 0.5,
    integer: false,
    unit: "fraction of access_token_validity",
  }),
  postgresql_connection_uri: postgresUri,
  postgresql_connection_pool_size: number({ min: 1, max: 1000, integer: true }),
  postgresql_prepared_statements: boolean,
  sqlite_path: nonEmptyString,
  max_request_body_bytes: number({ min: 1024, integer: true, unit: "bytes" }),
  log_level: oneOf(["DEBUG", "INFO", "WARN", "ERROR", "NONE"] as const),
};

export const CONFIG_OPTIONS: readonly ConfigOption[] = Object.freeze(Object.keys(PARSERS) as ConfigOption[]);

function isOption(name: string): name is ConfigOption {
  return Object.prototype.hasOwnProperty.call(PARSERS, name);
}

function unknownOption(name: string, where: string): ConfigError {
  return new ConfigError(
    `Unknown config option '${name}'${where}. Known options: ${CONFIG_OPTIONS.join(", ")}`,
    name,
  );
}

/** Raw values by option name from one source; `where` goes into error messages. */
function applySource(
  target: Partial<Record<ConfigOption, unknown>>,
  source: Record<string, unknown>,
  where: string,
): void {
  for (const [name, raw] of Object.entries(source)) {
    if (raw === undefined) continue;
    if (!isOption(name)) throw unknownOption(name, where);
    target[name] = raw;
  }
}

function finish(raw: Partial<Record<ConfigOption, unknown>>): CoreConfig {
  const config = { ...DEFAULT_CONFIG } as Record<ConfigOption, unknown>;
  for (const name of CONFIG_OPTIONS) {
    if (name in raw) config[name] = (PARSERS[name] as Parser<unknown>)(raw[name], name);
  }
  const result = config as unknown as CoreConfig;
  if (result.refresh_token_validity * 60 <= result.access_token_validity) {
    throw new ConfigError(
      `Invalid value for config option 'refresh_token_validity': must be longer than access_token_validity ` +
        `(${result.refresh_token_validity} minutes is not more than ${result.access_token_validity} seconds)`,
      "refresh_token_validity",
    );
  }
  return Object.freeze(result);
}

/**
 * Defaults + an object of options (SuperTokens names). For callers that hold the config as
 * data, e.g. the SDK's embedded transport. No file, no environment.
 */
export function resolveConfig(options: Partial<CoreConfig> | Record<string, unknown> = {}): CoreConfig {
  const raw: Partial<Record<ConfigOption, unknown>> = {};
  applySource(raw, options as Record<string, unknown>, "");
  return finish(raw);
}

export const DEFAULT_CONFIG_FILE = "./config.yaml";

export interface LoadConfigOptions {
  /**
   * YAML file. A path must exist; `undefined` reads `./config.yaml` when it exists; `null`
   * reads no file.
   */
  file?: string | null;
  /** Environment to read; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Highest precedence, e.g. CLI flags. */
  overrides?: Partial<CoreConfig> | Record<string, unknown>;
}

/** Overrides > env > file > defaults; throws ConfigError naming the first bad option. */
export function loadConfig(options: LoadConfigOptions = {}): CoreConfig {
  const raw: Partial<Record<ConfigOption, unknown>> = {};

  const file =
    options.file === undefined
      ? existsSync(DEFAULT_CONFIG_FILE)
        ? DEFAULT_CONFIG_FILE
        : null
      : options.file;
  if (file !== null) applySource(raw, readConfigFile(file), ` in ${file}`);

  applySource(raw, readEnv(options.env ?? process.env), "");

  if (options.overrides) applySource(raw, options.overrides as Record<string, unknown>, "");
  return finish(raw);
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      `Cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  let parsed: unknown;
  try {
    // `yaml` is loaded only when a config file is read: it is start time the default
    // (no file) should not pay.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse: parseYaml } = require("yaml") as typeof import("yaml");
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`Config file ${file} is not valid YAML: ${(error as Error).message}`);
  }
  // An empty file (or one with only comments) is a valid "all defaults" file.
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError(`Config file ${file} must be a YAML mapping of option: value`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * `PORTCULLIS_<OPTION>` wins over `<OPTION>`. An empty variable counts as unset, so `API_KEYS=`
 * in a compose file does not override the file. Other variables are ignored.
 */
function readEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const name of CONFIG_OPTIONS) {
    const upper = name.toUpperCase();
    const prefixed = env[`PORTCULLIS_${upper}`];
    const bare = env[upper];
    const value =
      prefixed !== undefined && prefixed !== ""
        ? prefixed
        : bare !== undefined && bare !== ""
          ? bare
          : undefined;
    if (value === undefined) continue;
    // `null` in the env means the option's null (e.g. POSTGRESQL_CONNECTION_URI=null).
    result[name] = value.trim() === "null" ? null : value;
  }
  return result;
}

/** -1, 0, 1 for "X.Y" versions. */
export function compareVersions(a: string, b: string): number {
  const [aMajor, aMinor] = a.split(".").map(Number);
  const [bMajor, bMinor] = b.split(".").map(Number);
  return aMajor !== bMajor ? Math.sign(aMajor - bMajor) : Math.sign(aMinor - bMinor);
}

/** The versions `/apiversion` lists and `cdi-version` accepts, after `supertokens_max_cdi_version`. */
export function supportedCdiVersions(config: CoreConfig): string[] {
  const max = config.supertokens_max_cdi_version;
  return max === null
    ? [...SUPPORTED_CDI_VERSIONS]
    : SUPPORTED_CDI_VERSIONS.filter((v) => compareVersions(v, max) <= 0);
}
