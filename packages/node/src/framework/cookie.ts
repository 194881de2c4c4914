import type { CookieToSet } from "./types";

/**
 * Cookie header parsing and Set-Cookie serialisation shared by every adapter (no cookie-parser
 * needed). Values are percent-decoded when they contain `%`, as the `cookie` package does, so a
 * value set by another library reads the same here.
 */
export function parseCookieHeader(header: string | undefined): Map<string, string[]> {
  const cookies = new Map<string, string[]>();
  if (header === undefined || header === "") return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (name === "") continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value.includes("%")) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // Not valid percent-encoding: keep the raw value, as the `cookie` package does.
      }
    }
    const values = cookies.get(name);
    if (values === undefined) cookies.set(name, [value]);
    else values.push(value);
  }
  return cookies;
}

/** One `Set-Cookie` value; attribute names as browsers and the `cookie` package write them. */
export function serializeCookie(cookie: CookieToSet): string {
  let text = `${cookie.name}=${encodeURIComponent(cookie.value)}`;
  if (cookie.domain !== undefined) text += `; Domain=${cookie.domain}`;
  text += `; Path=${cookie.path}`;
  text += `; Expires=${new Date(cookie.expires).toUTCString()}`;
  if (cookie.httpOnly) text += "; HttpOnly";
  if (cookie.secure) text += "; Secure";
  text += `; SameSite=${cookie.sameSite === "none" ? "None" : cookie.sameSite === "lax" ? "Lax" : "Strict"}`;
  return text;
}

/** Replaces an earlier Set-Cookie for the same name/domain/path (a handler may set a cookie twice). */
export function mergeSetCookie(existing: string[], cookie: CookieToSet): string[] {
  const serialized = serializeCookie(cookie);
  const prefix = `${cookie.name}=`;
  const kept = existing.filter(
    (line) =>
      !(
        line.startsWith(prefix) &&
        line.includes(`; Path=${cookie.path};`) &&
        (cookie.domain === undefined
          ? !line.includes("; Domain=")
          : line.includes(`; Domain=${cookie.domain};`))
      ),
  );
  kept.push(serialized);
  return kept;
}
