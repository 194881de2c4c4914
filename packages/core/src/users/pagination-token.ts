/**
 * `paginationToken` of `GET /<t>/users`: an opaque keyset position, base64 of
 * `<timeJoined>;<userId>` of the last user of the previous page. A position (not an offset)
 * keeps pages stable while users are added.
 */
import { BadRequestError } from "../http/errors";

export interface PagePosition {
  timeJoined: number;
  userId: string;
}

export function encodePaginationToken(position: PagePosition): string {
  return Buffer.from(`${position.timeJoined};${position.userId}`, "utf8").toString("base64");
}

export function decodePaginationToken(token: string): PagePosition {
  const invalid = () => new BadRequestError("invalid pagination token");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) throw invalid();
  const text = Buffer.from(token, "base64").toString("utf8");
  const separator = text.indexOf(";");
  if (separator <= 0 || separator === text.length - 1) throw invalid();
  const time = text.slice(0, separator);
  if (!/^\d{1,16}$/.test(time)) throw invalid();
  const position = { timeJoined: Number(time), userId: text.slice(separator + 1) };
  // Base64 decoding is lenient: only a token we could have issued is accepted.
  if (encodePaginationToken(position) !== token) throw invalid();
  return position;
}
