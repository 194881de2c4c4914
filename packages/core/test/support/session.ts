/**
 * Session test helpers: a tiny CDI client speaking as supertokens-node does (docs/protocol/cdi.md §2
 * headers), a movable clock, and token decoding. Used by packages/core/test/session/**.
 */
import { createHash, createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { startTestCore, type TestCore } from "./core";
import type { TestEngine } from "./databases";
import type { CoreConfig } from "../../src/config";

export interface CdiAnswer {
  status: number;
  body: any;
}

export class CdiClient {
  constructor(readonly url: string) {}

  async send(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string>,
  ): Promise<CdiAnswer> {
    const target = new URL(this.url + path);
    for (const [name, value] of Object.entries(query ?? {})) target.searchParams.set(name, value);
    // As node does (docs/protocol/cdi.md §2): rid only when path segment 1 or 2 is "recipe".
    const headers: Record<string, string> = { "cdi-version": "5.4" };
    if (path.split("/").slice(1, 3).includes("recipe")) headers.rid = "session";
    if (body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
    const response = await fetch(target, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get("content-type") ?? "").includes("json")) parsed = JSON.parse(text);
    return { status: response.status, body: parsed };
  }

  post(path: string, body: unknown): Promise<CdiAnswer> {
    return this.send("POST", path, body);
  }
  put(path: string, body: unknown): Promise<CdiAnswer> {
    return this.send("PUT", path, body);
  }
  get(path: string, query: Record<string, string>): Promise<CdiAnswer> {
    return this.send("GET", path, undefined, query);
  }

  /** POST /<t>/recipe/session with the body node 24 sends; 200 expected. */
  async createSession(
    options: {
      userId?: string;
      tenantId?: string;
      userDataInJWT?: Record<string, unknown>;
      userDataInDatabase?: Record<string, unknown>;
      enableAntiCsrf?: boolean;
      useDynamicSigningKey?: boolean;
    } = {},
  ): Promise<CdiAnswer["body"]> {
    const answer = await this.post(`/${options.tenantId ?? "public"}/recipe/session`, {
      userId: options.userId ?? "user-1",
      userDataInJWT: options.userDataInJWT ?? { iss: "https://api.example.com/auth" },
      userDataInDatabase: options.userDataInDatabase ?? {},
      enableAntiCsrf: options.enableAntiCsrf ?? false,
      useDynamicSigningKey: options.useDynamicSigningKey ?? true,
    });
    if (answer.status !== 200 || answer.body.status !== "OK")
      throw new Error(`createSession failed: ${JSON.stringify(answer)}`);
    return answer.body;
  }

  refresh(
    refreshToken: string,
    options: { antiCsrfToken?: string; enableAntiCsrf?: boolean; useDynamicSigningKey?: boolean } = {},
  ): Promise<CdiAnswer> {
    return this.post("/recipe/session/refresh", {
      refreshToken,
      antiCsrfToken: options.antiCsrfToken,
      enableAntiCsrf: options.enableAntiCsrf ?? false,
      useDynamicSigningKey: options.useDynamicSigningKey ?? true,
    });
  }

  verify(
    accessToken: string,
    options: {
      antiCsrfToken?: string;
      doAntiCsrfCheck?: boolean;
      enableAntiCsrf?: boolean;
      checkDatabase?: boolean;
    } = {},
  ): Promise<CdiAnswer> {
    return this.post("/recipe/session/verify", {
      accessToken,
      antiCsrfToken: options.antiCsrfToken,
      doAntiCsrfCheck: options.doAntiCsrfCheck ?? false,
      enableAntiCsrf: options.enableAntiCsrf ?? false,
      checkDatabase: options.checkDatabase ?? false,
    });
  }
}

/** A clock tests move by hand (no sleeps). */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): number => Date.now() + this.offsetMs;
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface SessionTestCore {
  core: TestCore;
  cdi: CdiClient;
  clock: TestClock;
  close(): Promise<void>;
}

export async function startSessionTestCore(
  engine: TestEngine,
  config?: Partial<CoreConfig>,
): Promise<SessionTestCore> {
  const clock = new TestClock();
  const core = await startTestCore({ engine, config, now: clock.now });
  return { core, cdi: new CdiClient(core.url), clock, close: () => core.close() };
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

export function decodeJwt(token: string): DecodedJwt {
  const [header, payload] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>,
  };
}

/** Verifies an RS256 JWT's signature with the key of its `kid` from the core's public JWKS. */
export async function verifiesWithJwks(url: string, token: string): Promise<boolean> {
  const { header } = decodeJwt(token);
  const response = await fetch(`${url}/.well-known/jwks.json`);
  const jwks = (await response.json()) as { keys: (JsonWebKey & { kid: string })[] };
  const jwk = jwks.keys.find((key) => key.kid === header.kid);
  if (jwk === undefined) return false;
  const [h, p, s] = token.split(".");
  return verify(
    "sha256",
    Buffer.from(`${h}.${p}`),
    createPublicKey({ key: jwk, format: "jwk" }),
    Buffer.from(s, "base64url"),
  );
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
