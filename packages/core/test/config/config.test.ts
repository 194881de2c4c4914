/**
 * Configuration (docs/protocol/cdi.md §5 "Config defaults"): SuperTokens core's option names and defaults,
 * from a YAML file and the environment; overrides > env > file > defaults; unknown or invalid
 * options fail with a message naming them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { CONFIG_OPTIONS, ConfigError, DEFAULT_CONFIG, loadConfig, resolveConfig } from "../../src/config";

const KEY = "abcdefghij-ABCDEFGHIJ=0123";

const createdDirs: string[] = [];
afterAll(() => {
  for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
});

function yamlFile(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "portcullis-config-"));
  createdDirs.push(dir);
  const file = path.join(dir, "config.yaml");
  writeFileSync(file, text);
  return file;
}

/** The ConfigError a call throws (fails the test when it does not throw one). */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig: defaults", () => {
  it("uses SuperTokens core's defaults when nothing is given", () => {
    const config = loadConfig({ file: null, env: {} });
    expect(config).toEqual({
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
      max_request_body_bytes: 1048576,
      log_level: "INFO",
    });
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(loadConfig({ file: null, env: {} }))).toBe(true);
  });
});

describe("loadConfig: YAML file", () => {
  it("reads options, with api_keys as a comma-separated string", () => {
    const file = yamlFile(
      `port: 4000\napi_keys: "${KEY}, ${KEY}x"\naccess_token_validity: 60\npassword_hashing_alg: ARGON2\n` +
        `postgresql_connection_uri: "postgresql://u:p@db:5432/auth"\nlog_level: debug\n`,
    );
    const config = loadConfig({ file, env: {} });
    expect(config).toMatchObject({
      port: 4000,
      api_keys: [KEY, `${KEY}x`],
      access_token_validity: 60,
      password_hashing_alg: "ARGON2",
      postgresql_connection_uri: "postgresql://u:p@db:5432/auth",
      log_level: "DEBUG",
    });
    expect(config.refresh_token_validity).toBe(144000);
  });

  it("accepts a file with only comments as all defaults", () => {
    expect(loadConfig({ file: yamlFile("# nothing\n"), env: {} })).toEqual(DEFAULT_CONFIG);
  });

  it("fails naming the file when it does not exist", () => {
    expect(configError(() => loadConfig({ file: "/nonexistent/config.yaml", env: {} })).message).toContain(
      "/nonexistent/config.yaml",
    );
  });

  it("fails on YAML that is not a mapping", () => {
    expect(configError(() => loadConfig({ file: yamlFile("- a\n- b\n"), env: {} })).message).toMatch(
      /mapping/,
    );
  });

  it("fails on an unknown option, naming it and the known ones", () => {
    const error = configError(() =>
      loadConfig({ file: yamlFile("port: 1\nacess_token_validity: 5\n"), env: {} }),
    );
    expect(error.option).toBe("acess_token_validity");
    expect(error.message).toContain("Unknown config option 'acess_token_validity'");
    expect(error.message).toContain("access_token_validity");
    expect(error.code).toBe("ERR_CONFIG_INVALID");
  });
});

describe("loadConfig: environment", () => {
  it("reads option names upper-cased, as SuperTokens' docker image does", () => {
    const config = loadConfig({
      file: null,
      env: { API_KEYS: KEY, ACCESS_TOKEN_VALIDITY: "120", POSTGRESQL_CONNECTION_URI: "postgres://db/auth" },
    });
    expect(config).toMatchObject({
      api_keys: [KEY],
      access_token_validity: 120,
      postgresql_connection_uri: "postgres://db/auth",
    });
  });

  it("prefers PORTCULLIS_<OPTION> over <OPTION>", () => {
    expect(loadConfig({ file: null, env: { PORT: "4001", PORTCULLIS_PORT: "4002" } }).port).toBe(4002);
  });

  it("treats an empty variable as unset", () => {
    const file = yamlFile(`api_keys: "${KEY}"\n`);
    expect(loadConfig({ file, env: { API_KEYS: "" } }).api_keys).toEqual([KEY]);
  });

  it("reads 'null' as the option's null", () => {
    const file = yamlFile(`postgresql_connection_uri: "postgresql://db/auth"\n`);
    expect(
      loadConfig({ file, env: { POSTGRESQL_CONNECTION_URI: "null" } }).postgresql_connection_uri,
    ).toBeNull();
  });

  it("reads the PostgreSQL pool size and prepared-statement switch, and rejects other values", () => {
    expect(
      loadConfig({
        file: null,
        env: { POSTGRESQL_CONNECTION_POOL_SIZE: "25", POSTGRESQL_PREPARED_STATEMENTS: "false" },
      }),
    ).toMatchObject({ postgresql_connection_pool_size: 25, postgresql_prepared_statements: false });
    expect(
      loadConfig({ file: yamlFile("postgresql_prepared_statements: true\n"), env: {} })
        .postgresql_prepared_statements,
    ).toBe(true);
    const notBoolean = configError(() =>
      loadConfig({ file: null, env: { POSTGRESQL_PREPARED_STATEMENTS: "yes" } }),
    );
    expect(notBoolean.option).toBe("postgresql_prepared_statements");
    expect(notBoolean.message).toContain("true or false");
    const zero = configError(() => loadConfig({ file: null, env: { POSTGRESQL_CONNECTION_POOL_SIZE: "0" } }));
    expect(zero.option).toBe("postgresql_connection_pool_size");
  });

  it("fails naming the option for an invalid value", () => {
    const error = configError(() => loadConfig({ file: null, env: { ACCESS_TOKEN_VALIDITY: "soon" } }));
    expect(error.option).toBe("access_token_validity");
    expect(error.message).toContain("between 1 and 86400000");
  });
});

describe("loadConfig: precedence", () => {
  it("applies overrides > env > file > defaults", () => {
    const file = yamlFile("port: 1001\nhost: 0.0.0.0\naccess_token_validity: 10\nbcrypt_log_rounds: 5\n");
    const config = loadConfig({
      file,
      env: { PORT: "1002", ACCESS_TOKEN_VALIDITY: "20" },
      overrides: { port: 1003 },
    });
    expect(config.port).toBe(1003);
    expect(config.access_token_validity).toBe(20);
    expect(config.host).toBe("0.0.0.0");
    expect(config.bcrypt_log_rounds).toBe(5);
    expect(config.passwordless_max_code_input_attempts).toBe(5);
  });

  it("fails on an unknown override", () => {
    expect(configError(() => loadConfig({ file: null, env: {}, overrides: { prot: 1 } })).option).toBe(
      "prot",
    );
  });
});

describe("loadConfig: validation", () => {
  const invalid = (options: Record<string, unknown>) => configError(() => resolveConfig(options));

  it.each([
    ["port", 70000, "between 0 and 65535"],
    ["port", 1.5, "an integer"],
    ["access_token_validity", 0, "between 1 and 86400000"],
    ["access_token_validity", 86400001, "between 1 and 86400000"],
    ["password_hashing_alg", "MD5", "BCRYPT, ARGON2"],
    ["bcrypt_log_rounds", 3, "between 4 and 31"],
    ["log_level", "verbose", "DEBUG, INFO, WARN, ERROR, NONE"],
    ["access_token_validity_jitter", 0.6, "between 0 and 0.5"],
    ["supertokens_max_cdi_version", "5.3", "5.4"],
    ["supertokens_max_cdi_version", "five", "X.Y"],
    ["max_request_body_bytes", 10, "at least 1024"],
    ["passwordless_max_code_input_attempts", 0, "at least 1"],
    ["sqlite_path", "", "non-empty"],
  ])("rejects %s = %j, saying what is allowed", (option, value, allowed) => {
    const error = invalid({ [option]: value });
    expect(error.option).toBe(option);
    expect(error.message).toContain(`'${option}'`);
    expect(error.message).toContain(allowed);
  });

  it("requires refresh_token_validity to be longer than access_token_validity", () => {
    const error = invalid({ access_token_validity: 3600, refresh_token_validity: 60 });
    expect(error.option).toBe("refresh_token_validity");
    expect(
      resolveConfig({ access_token_validity: 3600, refresh_token_validity: 61 }).refresh_token_validity,
    ).toBe(61);
  });

  it("rejects a short api key without echoing it", () => {
    const error = invalid({ api_keys: `${KEY},short-secret` });
    expect(error.option).toBe("api_keys");
    expect(error.message).toContain("at least 20 characters");
    expect(error.message).not.toContain("short-secret");
  });

  it("rejects an api key with characters outside [a-zA-Z0-9=-]", () => {
    expect(invalid({ api_keys: "abcdefghij_abcdefghij_abc" }).message).toContain("outside that set");
  });

  it("rejects a non-PostgreSQL connection URI without echoing it", () => {
    const error = invalid({ postgresql_connection_uri: "mysql://root:hunter2@db/auth" });
    expect(error.option).toBe("postgresql_connection_uri");
    expect(error.message).not.toContain("hunter2");
  });
});

describe("resolveConfig", () => {
  it("applies defaults to an object of options, without reading the environment", () => {
    process.env.PORTCULLIS_ACCESS_TOKEN_VALIDITY = "77";
    try {
      const config = resolveConfig({ sqlite_path: ":memory:", api_keys: [KEY] });
      expect(config).toEqual({ ...DEFAULT_CONFIG, sqlite_path: ":memory:", api_keys: [KEY] });
    } finally {
      delete process.env.PORTCULLIS_ACCESS_TOKEN_VALIDITY;
    }
  });

  it("fails on unknown options", () => {
    expect(configError(() => resolveConfig({ connectionURI: "x" })).option).toBe("connectionURI");
  });
});

describe("config.yaml (the documented example)", () => {
  const examplePath = path.join(__dirname, "../../config.yaml");
  const example = readFileSync(examplePath, "utf8");

  it("loads as all defaults (every option is commented out)", () => {
    expect(loadConfig({ file: examplePath, env: {} })).toEqual(DEFAULT_CONFIG);
  });

  it("documents every option with its default", () => {
    for (const option of CONFIG_OPTIONS) {
      const line = example.split("\n").find((l) => l.startsWith(`# ${option}: `));
      expect(line, option).toBeDefined();
      if (option === "api_keys" || option === "postgresql_connection_uri") continue; // examples, not defaults
      const documented = (parseYaml(line!.slice(2)) as Record<string, unknown>)[option];
      expect(documented, option).toEqual(DEFAULT_CONFIG[option]);
    }
  });

  it("gives valid values in its examples", () => {
    const uncommented = example
      .split("\n")
      .filter((l) => /^# [a-z_0-9]+: /.test(l))
      .map((l) => l.slice(2))
      .join("\n");
    expect(() => loadConfig({ file: yamlFile(uncommented), env: {} })).not.toThrow();
  });
});
