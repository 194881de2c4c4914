import { isExpired } from "./access-token";
import type { SessionView, TokenInfo } from "./issue";
import { SESSION_NOT_FOUND, type SessionService, type Unauthorised } from "./service";
import { readSignedAccessToken } from "./verify";

/**
 * POST /recipe/session/regenerate (docs/protocol/cdi.md §3, §5): replaces the session's custom claims
 * and re-signs the caller's access token with them, keeping its expiry. An expired token
 * still updates the stored payload but gets no new token.
 *
 * Every failure is UNAUTHORISED: supertokens-node treats any other status as success and
 * reads `session` from the body.
 */
export type RegenerateResult = { status: "OK"; session: SessionView; accessToken?: TokenInfo } | Unauthorised;

export async function regenerateSession(
  service: SessionService,
  input: { appId: string; accessToken: string; userDataInJWT: Record<string, unknown> },
): Promise<RegenerateResult> {
  const read = await readSignedAccessToken(service, input.appId, input.accessToken);
  if ("failure" in read) return { status: "UNAUTHORISED", message: read.failure };
  const claims = read.parsed.claims;
  const sessions = service.services.storage.sessions;
  const record = await service.liveSession(input.appId, claims.tId, claims.sessionHandle);
  if (
    record === undefined ||
    !(await sessions.updateJwtPayload(input.appId, claims.tId, claims.sessionHandle, input.userDataInJWT))
  ) {
    return { status: "UNAUTHORISED", message: SESSION_NOT_FOUND };
  }
  const session = await service.sessionView(record, input.userDataInJWT);
  if (isExpired(claims, service.services.now())) {
    return { status: "OK", session };
  }
  const accessToken = await service.issuer.accessToken({
    appId: input.appId,
    session,
    refreshTokenHash1: claims.refreshTokenHash1,
    parentRefreshTokenHash1: claims.parentRefreshTokenHash1,
    antiCsrfToken: claims.antiCsrfToken,
    useStaticKey: record.useStaticKey,
    expiry: claims.exp * 1000,
  });
  return { status: "OK", session, accessToken };
}
