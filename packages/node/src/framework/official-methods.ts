/**
 * supertokens-node's `BaseRequest`/`BaseResponse` method names, on our request/response
 * wrappers. User code written from SuperTokens' docs calls them on `options.req`/`options.res`
 * in API overrides, in `errorHandlers`, in `getTokenTransferMethod({req})` and in
 * `appInfo.origin({request})`, so every adapter's wrapper answers to both vocabularies.
 * Installed once per class on its prototype: no per-request cost.
 */
import type { CookieToSet, SdkRequest, SdkResponse } from "./types";

type SameSite = CookieToSet["sameSite"];

export interface OfficialRequestMethods {
  /** Lower-case method, as supertokens-node returns it (`"get"`, `"post"`, …). */
  getMethod(): string;
  getHeaderValue(key: string): string | undefined;
  getCookieValue(key: string): string | undefined;
  getKeyValueFromQuery(key: string): string | undefined;
  getOriginalURL(): string;
  getFormData(): Promise<Record<string, string>>;
  /** Always true on our wrappers (supertokens-node's marker for a wrapped request). */
  readonly wrapperUsed: boolean;
}

export interface OfficialResponseMethods {
  setStatusCode(statusCode: number): void;
  sendJSONResponse(content: unknown): void;
  sendHTMLResponse(html: string): void;
  readonly wrapperUsed: boolean;
}

export function installOfficialRequestMethods(prototype: object): void {
  const methods: OfficialRequestMethods & ThisType<SdkRequest> = {
    getMethod() {
      return this.method.toLowerCase();
    },
    getHeaderValue(key) {
      return this.getHeader(key.toLowerCase());
    },
    getCookieValue(key) {
      return this.getCookie(key);
    },
    getKeyValueFromQuery(key) {
      return this.getQuery(key);
    },
    getOriginalURL() {
      return this.url;
    },
    getFormData() {
      return this.getFormBody();
    },
    wrapperUsed: true,
  };
  define(prototype, methods);
}

export function installOfficialResponseMethods(prototype: object): void {
  const ownSetCookie = (prototype as SdkResponse).setCookie;
  const methods: OfficialResponseMethods & ThisType<SdkResponse> = {
    setStatusCode(statusCode) {
      this.setStatus(statusCode);
    },
    sendJSONResponse(content) {
      this.sendJSON(content);
    },
    sendHTMLResponse(html) {
      this.sendHTML(html);
    },
    wrapperUsed: true,
  };
  define(prototype, methods);
  // One `setCookie` serving both forms: our object form and supertokens-node's positional
  // `(key, value, domain, secure, httpOnly, expires, path, sameSite)` (typed as the object form).
  Object.defineProperty(prototype, "setCookie", {
    configurable: true,
    writable: true,
    value(this: SdkResponse, ...args: unknown[]) {
      if (typeof args[0] !== "string") return ownSetCookie.call(this, args[0] as CookieToSet);
      const [name, value, domain, secure, httpOnly, expires, path, sameSite] = args as [
        string,
        string,
        string | undefined,
        boolean,
        boolean,
        number,
        string,
        SameSite,
      ];
      return ownSetCookie.call(this, { name, value, domain, secure, httpOnly, expires, path, sameSite });
    },
  });
}

function define(prototype: object, methods: object): void {
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(prototype, name, { configurable: true, writable: true, value });
  }
}
