import type { IncomingMessage, ServerResponse } from "node:http";
import { parseFormBody, parseJSONBody } from "./body";
import { mergeSetCookie, parseCookieHeader } from "./cookie";
import type { CookieToSet, SdkRequest, SdkResponse } from "./types";
import {
  installOfficialRequestMethods,
  type OfficialRequestMethods,
  installOfficialResponseMethods,
  type OfficialResponseMethods,
} from "./official-methods";

/**
 * SdkRequest/SdkResponse over Node's own request/response objects: the base of the Express
 * adapter, reusable by Koa, Fastify (raw) and plain node:http. Everything is read lazily: a
 * handler that needs only one header parses nothing else.
 */
export class NodeSdkRequest implements SdkRequest {
  private cookies: Map<string, string[]> | undefined;
  private query: URLSearchParams | undefined;
  private rawBody: Promise<string> | undefined;
  readonly url: string;

  constructor(
    readonly original: IncomingMessage,
    url?: string,
    /** A body some middleware already parsed (express.json(), koa-bodyparser, fastify). */
    private readonly parsedBody: () => unknown = () => undefined,
  ) {
    this.url = url ?? original.url ?? "/";
  }

  get method(): string {
    return (this.original.method ?? "GET").toUpperCase();
  }

  get path(): string {
    const url = this.url;
    const q = url.indexOf("?");
    return q === -1 ? url : url.slice(0, q);
  }

  getHeader(name: string): string | undefined {
    const value = this.original.headers[name.toLowerCase()];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.join(", ") : value;
  }

  getCookie(name: string): string | undefined {
    return this.getCookieValues(name)[0];
  }

  getCookieValues(name: string): string[] {
    this.cookies ??= parseCookieHeader(this.getHeader("cookie"));
    return this.cookies.get(name) ?? [];
  }

  getQuery(name: string): string | undefined {
    if (this.query === undefined) {
      const q = this.url.indexOf("?");
      this.query = new URLSearchParams(q === -1 ? "" : this.url.slice(q + 1));
    }
    return this.query.get(name) ?? undefined;
  }

  async getJSONBody(): Promise<unknown> {
    const parsed = this.parsedBody();
    if (parsed !== undefined && parsed !== null) {
      if (typeof parsed === "string") return parseJSONBody(parsed);
      if (Buffer.isBuffer(parsed)) return parseJSONBody(parsed.toString("utf8"));
      if (typeof parsed === "object") return parsed;
    }
    return parseJSONBody(await this.readBody());
  }

  async getFormBody(): Promise<Record<string, string>> {
    const parsed = this.parsedBody();
    if (parsed !== undefined && parsed !== null && typeof parsed === "object" && !Buffer.isBuffer(parsed)) {
      return parsed as Record<string, string>;
    }
    if (typeof parsed === "string") return parseFormBody(parsed);
    return parseFormBody(await this.readBody());
  }

  private readBody(): Promise<string> {
    this.rawBody ??= readStream(this.original);
    return this.rawBody;
  }
}

function readStream(stream: IncomingMessage): Promise<string> {
  // Consumed by someone who did not leave a parsed body: nothing left to read.
  if (stream.readableEnded || stream.complete) return Promise.resolve("");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer | string) =>
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk),
    );
    stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    stream.on("error", reject);
  });
}

export class NodeSdkResponse implements SdkResponse {
  constructor(readonly original: ServerResponse) {}

  get responseSent(): boolean {
    return this.original.writableEnded || this.original.headersSent;
  }

  setStatus(status: number): void {
    if (!this.original.headersSent) this.original.statusCode = status;
  }

  setHeader(name: string, value: string, allowDuplicateKey: boolean): void {
    const existing = this.original.getHeader(name);
    if (allowDuplicateKey && existing !== undefined && existing !== "") {
      this.original.setHeader(
        name,
        `${Array.isArray(existing) ? existing.join(", ") : String(existing)}, ${value}`,
      );
    } else {
      this.original.setHeader(name, value);
    }
  }

  removeHeader(name: string): void {
    this.original.removeHeader(name);
  }

  setCookie(cookie: CookieToSet): void {
    const existing = this.original.getHeader("set-cookie");
    const lines = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
    this.original.setHeader("set-cookie", mergeSetCookie(lines, cookie));
  }

  sendJSON(body: unknown): void {
    if (this.responseSent) return;
    this.original.setHeader("content-type", "application/json; charset=utf-8");
    this.original.end(JSON.stringify(body));
  }

  sendHTML(html: string): void {
    if (this.responseSent) return;
    this.original.setHeader("content-type", "text/html; charset=utf-8");
    this.original.end(html);
  }
}

// supertokens-node's method names on this wrapper (framework/official-methods.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NodeSdkRequest extends OfficialRequestMethods {}
installOfficialRequestMethods(NodeSdkRequest.prototype);

// supertokens-node's method names on this wrapper (framework/official-methods.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface NodeSdkResponse extends OfficialResponseMethods {}
installOfficialResponseMethods(NodeSdkResponse.prototype);
