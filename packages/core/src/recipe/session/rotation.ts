import { timingSafeEqual } from "node:crypto";
import type { SessionRecord } from "../../storage/types";

/**
 * Refresh-token rotation with a reuse grace window (docs/protocol/cdi.md §5 "Refresh rotation and theft
 * detection", plus the window SuperTokens core 12.1 added; ARCHITECTURE "A grace window").
 *
 * The session row holds the current token's hash2, the hash2 it replaced (`prev`) and when
 * that happened (`rotatedAt`). Every refresh token names its parent by hash2. For a token T:
 *
 * - `current`          hash2(T) = db.hash2: issue a child of T, no write (upstream case A).
 * - `child-of-current` parent(T) = db.hash2: promote T by compare-and-set, then as `current`
 *                      (upstream case B).
 * - `forgiven`         inside the window, T is the previous token (hash2(T) = db.prev: a lost
 *                      response, or a tab that still sends the old cookie) or a sibling of
 *                      the current token (parent(T) = db.prev: two tabs refreshed with the
 *                      same token and the other child was promoted first). Issue a child whose
 *                      recorded parent is the *current* token, so its later use is plain
 *                      `child-of-current`; no write.
 * - `theft`            anything else: the previous token after the window, any older token,
 *                      or a sibling after the window.
 */
export type RefreshDecision = "current" | "child-of-current" | "forgiven" | "theft";

type RotationState = Pick<
  SessionRecord,
  "refreshTokenHash2" | "prevRefreshTokenHash2" | "refreshTokenRotatedAt"
>;

export function decideRefresh(
  tokenHash2: string,
  parentHash2: string | undefined,
  session: RotationState,
  now: number,
  gracePeriodMs: number,
): RefreshDecision {
  if (sameHash(tokenHash2, session.refreshTokenHash2)) return "current";
  if (parentHash2 !== undefined && sameHash(parentHash2, session.refreshTokenHash2))
    return "child-of-current";
  if (withinGraceWindow(session, now, gracePeriodMs)) {
    const prev = session.prevRefreshTokenHash2 as string;
    if (sameHash(tokenHash2, prev) || (parentHash2 !== undefined && sameHash(parentHash2, prev)))
      return "forgiven";
  }
  return "theft";
}

/**
 * What an access token that still names a parent refresh token (`parentRefreshTokenHash1`,
 * the first token after a refresh) means for the session at verify time. Takes the hash2 of
 * that parent and of the token's own refresh token (sha256hex of each hash1):
 *
 * - `promote`     its parent is the current token: its own refresh token becomes current.
 * - `current`     its own refresh token is already current (promoted by a refresh or a
 *                 racing verify): just hand out a token without the parent.
 * - `repoint`     inside the window, its parent is the previous token: it is a sibling of the
 *                 current token (two tabs refreshed with one token, the other child was
 *                 promoted first). Its refresh token becomes current, keeping `prev` and
 *                 `rotatedAt`, because with one cookie jar the last response to land is the
 *                 one the browser keeps; without this, that tab's next refresh, long after
 *                 the window, would look like theft.
 * - `unrelated`   none of these: the token is still validly signed; theft, if any, is caught
 *                 when its refresh token is used.
 */
export type VerifyRotationDecision = "promote" | "current" | "repoint" | "unrelated";

export function decideVerifyRotation(
  parentHash2: string,
  ownHash2: string,
  session: RotationState,
  now: number,
  gracePeriodMs: number,
): VerifyRotationDecision {
  if (sameHash(parentHash2, session.refreshTokenHash2)) return "promote";
  if (sameHash(ownHash2, session.refreshTokenHash2)) return "current";
  if (
    withinGraceWindow(session, now, gracePeriodMs) &&
    sameHash(parentHash2, session.prevRefreshTokenHash2 as string)
  ) {
    return "repoint";
  }
  return "unrelated";
}

export function withinGraceWindow(session: RotationState, now: number, gracePeriodMs: number): boolean {
  return (
    session.prevRefreshTokenHash2 !== null &&
    session.refreshTokenRotatedAt !== null &&
    now - session.refreshTokenRotatedAt <= gracePeriodMs
  );
}

/** Constant-time equality of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
