/**
 * A minimal CDI client for fault tests: the headers supertokens-node@24.0.3 sends
 * (docs/protocol/cdi.md §2) and the raw answer (status, content type, body), never throwing on
 * non-200 so the test can look at what the core says during an outage.
 */
import http from "node:http";

export interface RawAnswer {
  status: number;
  contentType: string;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: any;
  text: string;
}

export class CdiClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

  constructor(readonly baseUrl: string) {}

  request(
    method: "GET" | "POST" | "PUT",
    path: string,
    body?: unknown,
    timeoutMs = 10_000,
  ): Promise<RawAnswer> {
    const url = new URL(path, this.baseUrl);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { "cdi-version": "5.4" };
    if (/^\/(?:[^/]+\/)?recipe\//.test(url.pathname)) headers.rid = "session";
    if (payload) {
      headers["content-type"] = "application/json; charset=utf-8";
      headers["content-length"] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const request = http.request(
        url,
        { method, headers, agent: this.agent, timeout: timeoutMs },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const contentType = String(response.headers["content-type"] ?? "");
            let parsed: unknown = text;
            if (contentType.includes("json")) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            resolve({ status: response.statusCode ?? 0, contentType, body: parsed, text });
          });
        },
      );
      request.on("timeout", () =>
        request.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)),
      );
      request.on("error", reject);
      request.end(payload);
    });
  }

  createSession(userId: string) {
    return this.request("POST", "/public/recipe/session", {
      userId,
      userDataInJWT: { k: userId },
      userDataInDatabase: { d: userId },
      enableAntiCsrf: false,
      useDynamicSigningKey: true,
    });
  }

  refresh(refreshToken: string) {
    return this.request("POST", "/recipe/session/refresh", {
      refreshToken,
      enableAntiCsrf: false,
      useDynamicSigningKey: true,
    });
  }

  verify(accessToken: string, checkDatabase: boolean) {
    return this.request("POST", "/recipe/session/verify", {
      accessToken,
      doAntiCsrfCheck: false,
      enableAntiCsrf: false,
      checkDatabase,
    });
  }

  getSession(sessionHandle: string) {
    return this.request("GET", `/recipe/session?sessionHandle=${encodeURIComponent(sessionHandle)}`);
  }

  close(): void {
    this.agent.destroy();
  }
}
