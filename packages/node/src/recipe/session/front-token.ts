/**
 * The `front-token` response header (docs/protocol/fdi.md §3.4): standard padded base64 of UTF-8 JSON
 * `{uid, ate, up}`; the frontend decodes it with `JSON.parse(decodeURIComponent(escape(atob(v))))`.
 */
export function buildFrontToken(
  userId: string,
  accessTokenExpiryMs: number,
  accessTokenPayload: unknown,
): string {
  const json = JSON.stringify({ uid: userId, ate: accessTokenExpiryMs, up: accessTokenPayload });
  return Buffer.from(json, "utf8").toString("base64");
}

/** The value that tells the frontend to drop its local session state. */
export const FRONT_TOKEN_REMOVE = "remove";
