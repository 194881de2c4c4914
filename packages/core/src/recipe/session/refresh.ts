import { randomUUID } from "node:crypto";
import type { SessionRecord } from "../../storage/types";
import { DEFAULT_TENANT_ID } from "./handles";
import type { SessionView, TokenInfo } from "./issue";
import { hash2OfHash1, refreshTokenHash1, sha256Hex } from "./refresh-token";
import { decideRefresh, sameHash } from "./rotation";
import {
  newSession,
  SESSION_NOT_FOUND,
  type NewSession,
  type SessionService,
  type Unauthorised,
} from "./service";

/**
 * POST /recipe/session/refresh (docs/protocol/cdi.md §5 "Refresh rotation and theft detection"), with
 * the reuse grace window described in rotation.ts. At most one write per refresh: the
 * compare-and-set promotion of a child token.
 */

export type RefreshResult =
  | NewSession
  | Unauthorised
  | { status: "TOKEN_THEFT_DETECTED"; session: { handle: string; userId: string; recipeUserId: string } };

export interface RefreshInput {
  appId: string;
  refreshToken: string;
  antiCsrfToken: string | undefined;
  enableAntiCsrf: boolean;
  useDynamicSigningKey: boolean;
}

const MAX_ATTEMPTS = 4;
const INVALID_TOKEN = "Refresh token is invalid";

export async function refreshSession(service: SessionService, input: RefreshInput): Promise<RefreshResult> {
  const content = await service.cipher.open(input.appId, input.refreshToken);
  if (content === undefined) return { status: "UNAUTHORISED", message: INVALID_TOKEN };
  if (input.enableAntiCsrf && content.antiCsrfToken !== undefined) {
    if (
      input.antiCsrfToken === undefined ||
      !sameHash(sha256Hex(content.antiCsrfToken), sha256Hex(input.antiCsrfToken))
    ) {
      return { status: "UNAUTHORISED", message: "Anti-csrf token mismatch" };
    }
  }
  const tenantId = content.tenantId ?? DEFAULT_TENANT_ID;
  const tokenHash1 = refreshTokenHash1(input.refreshToken);
  const tokenHash2 = hash2OfHash1(tokenHash1);
  const sessions = service.services.storage.sessions;

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    let now = service.services.now();
    let record: SessionRecord | undefined;
    if (attempt === 0 && content.parentRefreshTokenHash2 !== undefined) {
      // The usual refresh presents the child issued last time, not yet promoted by a verify:
      // try the promotion and read the session in one round trip. If it did not promote,
      // the row it returns goes through the decision below like any read.
      const first = await sessions.promoteChildOrGet({
        appId: input.appId,
        tenantId,
        sessionHandle: content.sessionHandle,
        userId: content.userId,
        parentHash2: content.parentRefreshTokenHash2,
        newHash2: tokenHash2,
        now,
        expiresAt: service.issuer.refreshTokenExpiry(now),
      });
      if (first.promoted) return issueFor(first.record as SessionRecord, "current");
      record = first.record !== undefined && first.record.expiresAt > now ? first.record : undefined;
    } else {
      record = await service.liveSession(input.appId, tenantId, content.sessionHandle);
      now = service.services.now();
    }
    if (record === undefined || record.userId !== content.userId) {
      return { status: "UNAUTHORISED", message: SESSION_NOT_FOUND };
    }
    const decision = decideRefresh(
      tokenHash2,
      content.parentRefreshTokenHash2,
      record,
      now,
      service.gracePeriodMs,
    );
    if (decision === "theft") {
      const view = await service.sessionView(record);
      // The core only reports; the SDK revokes the session (docs/protocol/cdi.md §2 "Theft").
      return {
        status: "TOKEN_THEFT_DETECTED",
        session: { handle: view.handle, userId: view.userId, recipeUserId: view.recipeUserId },
      };
    }
    if (decision === "child-of-current") {
      const promoted = await sessions.promoteRefreshToken({
        appId: input.appId,
        tenantId,
        sessionHandle: record.sessionHandle,
        expectedHash2: record.refreshTokenHash2,
        newHash2: tokenHash2,
        rotatedAt: now,
        expiresAt: service.issuer.refreshTokenExpiry(now),
      });
      // Lost to a concurrent refresh or verify: re-read; the winner may have promoted this very token.
      if (!promoted) continue;
    }
    return issueFor(record, decision);
  }
  return { status: "UNAUTHORISED", message: "Too many concurrent refreshes of this session; try again" };

  /**
   * Issues the child of the presented token. `record` is the session as read, before or after
   * this request's promotion: only fields a promotion leaves alone are used, and for a
   * forgiven token (never promoted here) its current refresh-token hash.
   */
  async function issueFor(record: SessionRecord, decision: "current" | "child-of-current" | "forgiven") {
    if (record.useStaticKey === input.useDynamicSigningKey) {
      await sessions.setUseStaticKey(
        input.appId,
        tenantId,
        record.sessionHandle,
        !input.useDynamicSigningKey,
      );
    }
    const forgiven = decision === "forgiven";
    const session = await service.sessionView(record);
    return issueChild(service, input, session, {
      // A forgiven token's child hangs under the session's current token, so its next use is
      // an ordinary promotion (rotation.ts). We know only that token's hash2, so the access
      // token cannot name a parent hash1 and carries null: promotion waits for the next refresh.
      parentRefreshTokenHash2: forgiven ? record.refreshTokenHash2 : tokenHash2,
      accessTokenParentHash1: forgiven ? null : tokenHash1,
    });
  }
}

async function issueChild(
  service: SessionService,
  input: RefreshInput,
  session: SessionView,
  lineage: { parentRefreshTokenHash2: string; accessTokenParentHash1: string | null },
): Promise<NewSession> {
  const antiCsrfToken = input.enableAntiCsrf ? randomUUID() : undefined;
  const refreshToken = await service.issuer.refreshToken({
    appId: input.appId,
    sessionHandle: session.handle,
    recipeUserId: session.recipeUserId,
    tenantId: session.tenantId,
    parentRefreshTokenHash2: lineage.parentRefreshTokenHash2,
    antiCsrfToken,
  });
  const accessToken: TokenInfo = await service.issuer.accessToken({
    appId: input.appId,
    session,
    refreshTokenHash1: refreshToken.hash1,
    parentRefreshTokenHash1: lineage.accessTokenParentHash1,
    antiCsrfToken: antiCsrfToken ?? null,
    useStaticKey: !input.useDynamicSigningKey,
  });
  return newSession(session, accessToken, refreshToken, antiCsrfToken);
}
