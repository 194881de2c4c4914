import type { HttpRequest } from "../types";
import type { CoreQuery } from "./types";

/** GET parameters as the official SDK sends them: undefined dropped, booleans "true"/"false" (docs/protocol/cdi.md §2). */
export function toQueryString(query: CoreQuery | undefined): string {
  if (query === undefined) return "";
  const text = toSearchParams(query).toString();
  return text === "" ? "" : `?${text}`;
}

export function toSearchParams(query: CoreQuery | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (query === undefined) return params;
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.append(name, String(value));
  }
  return params;
}

/** `Cache-Control: max-age=<s>, must-revalidate` on the core's JWKS (docs/protocol/cdi.md §3 "Core"). */
export function maxAgeFromCacheControl(header: string | undefined): number | undefined {
  const match = header === undefined ? null : /max-age=(\d+)/i.exec(header);
  return match ? Number(match[1]) : undefined;
}

/** The official SDK sends `rid` only to recipe paths: segment [1] or [2] is `recipe` (docs/protocol/cdi.md §2). */
export function isRecipePath(path: string): boolean {
  const segments = path.split("/", 3);
  return segments[1] === "recipe" || segments[2] === "recipe";
}

/** The interceptor may hand back numbers or arrays; the wire wants strings (lower-case names). */
export function flattenHeaders(headers: HttpRequest["headers"]): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null)
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return flat;
}
