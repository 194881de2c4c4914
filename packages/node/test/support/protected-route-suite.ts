/**
 * The protected-route behaviours every framework adapter must show, as one table-driven suite
 * (test/framework/protected-route.test.ts runs it on Express, Fastify, Koa, Hono and node:http;
 * test/framework/nextjs.test.ts on the Next.js example's route handlers).
 *
 * A target is anything that answers a Fetch-style call: a real server over HTTP, or route
 * handlers called with real `Request`s. The client keeps cookies like a browser (honouring
 * their Path, so the refresh token goes only to the refresh endpoint) and header-mode tokens
 * like the frontend SDK (docs/protocol/fdi.md §3).
 */
import { describe, expect, it } from "vitest";

export interface ProtectedRouteTarget {
  /** e.g. `http://127.0.0.1:41234` (or any origin for in-process handlers). */
  origin: string;
  /** Answers one call: `fetch` for servers, a dispatcher for in-process handlers. */
  send(request: Request): Promise<Response>;
  apiBasePath: string;
  /** Unprotected route that calls createNewSession for `?userId=`. */
  createSessionPath: string;
  /** Protected route answering JSON with `userId`. */
  protectedPath: string;
  /** A route of the app itself, outside apiBasePath, answering `{ public: true }`. */
  publicPath?: string;
}

interface SetCookie {
  value: string;
  expired: boolean;
  path: string;
}

interface Answer {
  status: number;
  body: any;
  headers: Headers;
  setCookies: Map<string, SetCookie>;
}

export class SessionClient {
  private readonly jar = new Map<string, { value: string; path: string }>();
  accessToken: string | undefined;
  refreshToken: string | undefined;

  constructor(private readonly target: ProtectedRouteTarget) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name)?.value;
  }

  setCookie(name: string, value: string): void {
    this.jar.set(name, { value, path: this.jar.get(name)?.path ?? "/" });
  }

  async call(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
    const sent = [...this.jar].filter(([, c]) => path.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`);
    const allHeaders: Record<string, string> = { ...headers };
    if (sent.length > 0 && allHeaders.cookie === undefined) allHeaders.cookie = sent.join("; ");
    const response = await this.target.send(
      new Request(this.target.origin + path, { method, headers: allHeaders }),
    );
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    const setCookies = new Map<string, SetCookie>();
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const attribute = (key: string): string | undefined =>
        attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const expires = attribute("expires");
      const cookie = {
        value: pair!.slice(eq + 1),
        expired: expires !== undefined && Date.parse(expires) <= Date.now(),
        path: attribute("path") ?? "/",
      };
      setCookies.set(name, cookie);
      if (cookie.expired) this.jar.delete(name);
      else this.jar.set(name, { value: cookie.value, path: cookie.path });
    }
    const access = response.headers.get("st-access-token");
    if (access !== null) this.accessToken = access === "" ? undefined : access;
    const refresh = response.headers.get("st-refresh-token");
    if (refresh !== null) this.refreshToken = refresh === "" ? undefined : refresh;
    return { status: response.status, body, headers: response.headers, setCookies };
  }
}

function frontTokenUserId(value: string | null): string | undefined {
  if (value === null) return undefined;
  return JSON.parse(Buffer.from(value, "base64").toString("utf8")).uid;
}

/** `getTarget` is called inside the tests (the target starts in the caller's beforeAll). */
export function describeProtectedRoute(
  name: string,
  getTarget: () => ProtectedRouteTarget,
  shape: { publicRoute: boolean },
): void {
  describe(`${name}: a route protected by verifySession`, () => {
    const refreshPath = (): string => `${getTarget().apiBasePath}/session/refresh`;
    const signoutPath = (): string => `${getTarget().apiBasePath}/signout`;

    async function signedIn(
      userId: string,
      mode: "cookie" | "header" = "cookie",
    ): Promise<{ client: SessionClient; created: Answer }> {
      const client = new SessionClient(getTarget());
      const created = await client.call(
        "POST",
        `${getTarget().createSessionPath}?userId=${encodeURIComponent(userId)}`,
        { "st-auth-mode": mode },
      );
      return { client, created };
    }

    it("answers 401 unauthorised without a session", async () => {
      const answer = await new SessionClient(getTarget()).call("GET", getTarget().protectedPath);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ message: "unauthorised" });
    });

    it("creates a session from an unprotected route (createNewSession), with cookie-mode tokens and a front-token", async () => {
      const { created } = await signedIn("user-cookie");
      expect(created.status).toBe(200);
      expect(created.setCookies.get("sAccessToken")?.expired).toBe(false);
      expect(created.setCookies.get("sRefreshToken")?.path).toBe(refreshPath());
      expect(frontTokenUserId(created.headers.get("front-token"))).toBe("user-cookie");
    });

    it("answers the protected route with the session's cookies", async () => {
      const { client } = await signedIn("user-with-cookies");
      const answer = await client.call("GET", getTarget().protectedPath);
      expect(answer.status).toBe(200);
      expect(answer.body.userId).toBe("user-with-cookies");
    });

    it("answers the protected route with header-mode tokens (Authorization: Bearer)", async () => {
      const { client, created } = await signedIn("user-with-headers", "header");
      expect(created.setCookies.has("sAccessToken")).toBe(false);
      expect(client.accessToken).toBeDefined();
      const answer = await new SessionClient(getTarget()).call("GET", getTarget().protectedPath, {
        authorization: `Bearer ${client.accessToken}`,
      });
      expect(answer.status).toBe(200);
      expect(answer.body.userId).toBe("user-with-headers");
    });

    it("answers 401 try refresh token for a tampered access token", async () => {
      const { client } = await signedIn("user-tampered");
      const token = client.cookie("sAccessToken")!;
      client.setCookie("sAccessToken", token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA"));
      const answer = await client.call("GET", getTarget().protectedPath);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ message: "try refresh token" });
    });

    it("refreshes through {apiBasePath}/session/refresh and the new access token answers", async () => {
      const { client } = await signedIn("user-refresh");
      const oldAccessToken = client.cookie("sAccessToken");
      const refreshed = await client.call("POST", refreshPath(), {
        rid: "session",
        "st-auth-mode": "cookie",
      });
      expect(refreshed.status).toBe(200);
      expect(refreshed.setCookies.get("sAccessToken")?.value).not.toBe(oldAccessToken);
      expect(frontTokenUserId(refreshed.headers.get("front-token"))).toBe("user-refresh");
      const answer = await client.call("GET", getTarget().protectedPath);
      expect(answer.status).toBe(200);
      expect(answer.body.userId).toBe("user-refresh");
    });

    it("refreshes header-mode tokens through Authorization: Bearer <refresh token>", async () => {
      const { client } = await signedIn("user-refresh-header", "header");
      const oldAccessToken = client.accessToken;
      const refreshed = await new SessionClient(getTarget()).call("POST", refreshPath(), {
        rid: "session",
        "st-auth-mode": "header",
        authorization: `Bearer ${client.refreshToken}`,
      });
      expect(refreshed.status).toBe(200);
      const newAccessToken = refreshed.headers.get("st-access-token");
      expect(newAccessToken).toBeTruthy();
      expect(newAccessToken).not.toBe(oldAccessToken);
      const answer = await new SessionClient(getTarget()).call("GET", getTarget().protectedPath, {
        authorization: `Bearer ${newAccessToken}`,
      });
      expect(answer.status).toBe(200);
    });

    it("signs out through {apiBasePath}/signout: tokens cleared, then 401 and the refresh token refused", async () => {
      const { client } = await signedIn("user-signout");
      const refreshToken = client.cookie("sRefreshToken")!;
      const signedOut = await client.call("POST", signoutPath(), { rid: "session" });
      expect(signedOut.status).toBe(200);
      expect(signedOut.body).toEqual({ status: "OK" });
      expect(signedOut.setCookies.get("sAccessToken")?.expired).toBe(true);
      expect(signedOut.headers.get("front-token")).toBe("remove");

      expect((await client.call("GET", getTarget().protectedPath)).status).toBe(401);
      // Revoked in the core: the refresh token no longer works either.
      const refreshAfter = await new SessionClient(getTarget()).call("POST", refreshPath(), {
        rid: "session",
        cookie: `sRefreshToken=${refreshToken}`,
      });
      expect(refreshAfter.status).toBe(401);
      expect(refreshAfter.body).toEqual({ message: "unauthorised" });
    });

    it.runIf(shape.publicRoute)("leaves the app's own routes outside apiBasePath to the app", async () => {
      const answer = await new SessionClient(getTarget()).call("GET", getTarget().publicPath!);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ public: true });
    });
  });
}
