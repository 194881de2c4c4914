/**
 * Passwordless/users test helpers: a CDI client that speaks as supertokens-node does
 * (docs/protocol/cdi.md §2: `cdi-version`, `rid` on recipe paths), and one-call sign-ins.
 */
import { startTestCore, type TestCore } from "./core";
import type { TestEngine } from "./databases";
import type { CoreConfig } from "../../src/config";

export interface Reply {
  status: number;
  body: any;
  text: string;
}

export class PasswordlessClient {
  constructor(readonly url: string) {}

  async send(
    method: string,
    path: string,
    options: { body?: unknown; query?: Record<string, string>; rid?: string } = {},
  ): Promise<Reply> {
    const target = new URL(this.url + path);
    for (const [name, value] of Object.entries(options.query ?? {})) target.searchParams.set(name, value);
    const headers: Record<string, string> = { "cdi-version": "5.4" };
    if (path.split("/").slice(1, 3).includes("recipe")) headers.rid = options.rid ?? "passwordless";
    if (options.body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
    const response = await fetch(target, {
      method,
      headers,
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === "string"
            ? options.body
            : JSON.stringify(options.body),
    });
    const text = await response.text();
    const json = (response.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : undefined;
    return { status: response.status, body: json ?? text, text };
  }

  post(path: string, body: unknown): Promise<Reply> {
    return this.send("POST", path, { body });
  }
  put(path: string, body: unknown): Promise<Reply> {
    return this.send("PUT", path, { body });
  }
  get(path: string, query: Record<string, string> = {}): Promise<Reply> {
    return this.send("GET", path, { query });
  }

  /** POST /<t>/recipe/signinup/code; expects OK. */
  async createCode(body: Record<string, unknown>, tenantId = "public"): Promise<any> {
    const reply = await this.post(`/${tenantId}/recipe/signinup/code`, body);
    if (reply.status !== 200 || reply.body.status !== "OK")
      throw new Error(`createCode failed: ${reply.status} ${reply.text}`);
    return reply.body;
  }

  consume(body: Record<string, unknown>, tenantId = "public"): Promise<Reply> {
    return this.post(`/${tenantId}/recipe/signinup/code/consume`, body);
  }

  /** createCode + consume with the user input code; expects OK, returns the consume body. */
  async signInUp(account: { email: string } | { phoneNumber: string }, tenantId = "public"): Promise<any> {
    const code = await this.createCode(account, tenantId);
    const reply = await this.consume(
      { preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode: code.userInputCode },
      tenantId,
    );
    if (reply.status !== 200 || reply.body.status !== "OK")
      throw new Error(`consume failed: ${reply.status} ${reply.text}`);
    return reply.body;
  }
}

/** A movable clock for expiry tests. */
export class TestClock {
  constructor(public time = 1_700_000_000_000) {}
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

export interface PasswordlessTestCore {
  core: TestCore;
  client: PasswordlessClient;
  close(): Promise<void>;
}

export async function startPasswordlessCore(
  engine: TestEngine,
  options: { config?: Partial<CoreConfig>; now?: () => number } = {},
): Promise<PasswordlessTestCore> {
  const core = await startTestCore({ engine, config: options.config, now: options.now });
  return { core, client: new PasswordlessClient(core.url), close: () => core.close() };
}

/** Every row of a table, read with a separate connection (to check what is really stored). */
export async function readTable(core: TestCore, table: string): Promise<Record<string, unknown>[]> {
  const config = core.core.config;
  if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
  if (config.postgresql_connection_uri !== null) {
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: config.postgresql_connection_uri });
    await client.connect();
    try {
      return (await client.query(`SELECT * FROM ${table}`)).rows;
    } finally {
      await client.end();
    }
  }
  const Sqlite = (await import("better-sqlite3")).default;
  const db = new Sqlite(config.sqlite_path, { readonly: true });
  try {
    return db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}
