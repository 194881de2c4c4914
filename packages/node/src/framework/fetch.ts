/**
 * The reference adapter (ARCHITECTURE.md "Web standards at the centre"): a Fetch `Request` in,
 * a Fetch `Response` out. Next.js App Router, Hono, Bun, Deno and edge runtimes build on it.
 */
import SuperTokens from "../supertokens";
import { makeUserContextFromRequest, type UserContext } from "../user-context";
import { parseFormBody, parseJSONBody } from "./body";
import { mergeSetCookie, parseCookieHeader } from "./cookie";
import type { CookieToSet, SdkRequest, SdkResponse } from "./types";
import {
  installOfficialRequestMethods,
  type OfficialRequestMethods,
  installOfficialResponseMethods,
  type OfficialResponseMethods,
} from "./official-methods";

export class FetchSdkRequest implements SdkRequest {
  private parsedURL: URL | undefined;
  private cookies: Map<string, string[]> | undefined;
  private text: Promise<string> | undefined;

  constructor(readonly original: Request) {}

  get method(): string {
    return this.original.method.toUpperCase();
  }

  get url(): string {
    return this.original.url;
  }

  get path(): string {
    return this.getURL().pathname;
  }

  getHeader(name: string): string | undefined {
    return this.original.headers.get(name) ?? undefined;
  }

  getCookie(name: string): string | undefined {
    return this.getCookieValues(name)[0];
  }

  getCookieValues(name: string): string[] {
    this.cookies ??= parseCookieHeader(this.getHeader("cookie"));
    return this.cookies.get(name) ?? [];
  }

  getQuery(name: string): string | undefined {
    return this.getURL().searchParams.get(name) ?? undefined;
  }

  async getJSONBody(): Promise<unknown> {
    return parseJSONBody(await this.readText());
  }

  async getFormBody(): Promise<Record<string, string>> {
    return parseFormBody(await this.readText());
  }

  private readText(): Promise<string> {
    // A body can be read once; GET/HEAD have none.
    this.text ??=
      this.original.method === "GET" || this.original.method === "HEAD"
        ? Promise.resolve("")
        : this.original.text();
    return this.text;
  }

  private getURL(): URL {
    this.parsedURL ??= new URL(this.original.url);
    return this.parsedURL;
  }
}

/** Collects what a handler sets, then becomes a Fetch `Response` (or is copied onto another). */
export class CollectingResponse implements SdkResponse {
  status = 200;
  readonly headers = new Headers();
  cookies: string[] = [];
  body: string | undefined;
  private sent = false;
  readonly original: unknown = undefined;

  get responseSent(): boolean {
    return this.sent;
  }

  setStatus(status: number): void {
    this.status = status;
  }

  setHeader(name: string, value: string, allowDuplicateKey: boolean): void {
    const existing = this.headers.get(name);
    if (allowDuplicateKey && existing !== null && existing !== "")
      this.headers.set(name, `${existing}, ${value}`);
    else this.headers.set(name, value);
  }

  removeHeader(name: string): void {
    this.headers.delete(name);
  }

  setCookie(cookie: CookieToSet): void {
    this.cookies = mergeSetCookie(this.cookies, cookie);
  }

  sendJSON(body: unknown): void {
    if (this.sent) return;
    this.headers.set("content-type", "application/json; charset=utf-8");
    this.body = JSON.stringify(body);
    this.sent = true;
  }

  sendHTML(html: string): void {
    if (this.sent) return;
    this.headers.set("content-type", "text/html; charset=utf-8");
    this.body = html;
    this.sent = true;
  }

  /** Headers including one `Set-Cookie` per cookie. */
  allHeaders(): Headers {
    const headers = new Headers(this.headers);
    for (const line of this.cookies) headers.append("set-cookie", line);
    return headers;
  }

  toResponse(): Response {
    const nullBody = this.status === 204 || this.status === 304;
    return new Response(nullBody ? null : (this.body ?? null), {
      status: this.status,
      headers: this.allHeaders(),
    });
  }
}

/**
 * Answers `request` if it is one of the SDK's APIs; `undefined` means "not ours, pass it on".
 * Errors no recipe handles are rethrown for the caller's framework.
 */
export async function handleFetchRequest(
  request: Request,
  userContext?: UserContext,
): Promise<Response | undefined> {
  const supertokens = SuperTokens.getInstanceOrThrow();
  const sdkRequest = new FetchSdkRequest(request);
  if (!supertokens.isUnderApiBasePath(sdkRequest.path)) return undefined;
  const response = new CollectingResponse();
  const context = makeUserContextFromRequest(sdkRequest, userContext);
  try {
    const handled = await supertokens.middleware(sdkRequest, response, context);
    if (!handled) return undefined;
  } catch (err) {
    await supertokens.errorHandler(err, sdkRequest, response, context);
  }
  return response.toResponse();
}

// supertokens-node's method names on this wrapper (framework/official-methods.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FetchSdkRequest extends OfficialRequestMethods {}
installOfficialRequestMethods(FetchSdkRequest.prototype);

// supertokens-node's method names on this wrapper (framework/official-methods.ts).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CollectingResponse extends OfficialResponseMethods {}
installOfficialResponseMethods(CollectingResponse.prototype);
