import { randomUUID } from "node:crypto";
import type { CoreServices } from "../../http/route";
import type { SessionRecord, SessionStore } from "../../storage/types";
import { newSessionHandle, tenantOfSessionHandle } from "./handles";
import { TokenIssuer, type SessionView, type TokenInfo } from "./issue";
import { hash2OfHash1, RefreshTokenCipher } from "./refresh-token";
import { resolvePrimaryUserId, sessionUserIds } from "./user-ids";

/**
 * Session recipe logic behind the CDI endpoints (docs/protocol/cdi.md §3 "Session", §5). Inputs are
 * already parsed and validated by routes.ts; business outcomes are returned as the status
 * unions the wire carries.
 */

export const SESSION_NOT_FOUND = "Session does not exist or has expired";

export type Unauthorised = { status: "UNAUTHORISED"; message: string };

export interface NewSession {
  status: "OK";
  session: SessionView;
  accessToken: TokenInfo;
  refreshToken: TokenInfo;
  antiCsrfToken?: string;
}

export interface SessionInformation {
  status: "OK";
  sessionHandle: string;
  userId: string;
  recipeUserId: string;
  userDataInDatabase: Record<string, unknown>;
  userDataInJWT: Record<string, unknown>;
  expiry: number;
  timeCreated: number;
  tenantId: string;
}

/** The answer of create and refresh: the session and its two new tokens (docs/protocol/cdi.md §3). */
export function newSession(
  session: SessionView,
  accessToken: TokenInfo,
  refreshToken: TokenInfo,
  antiCsrfToken: string | undefined,
): NewSession {
  return {
    status: "OK",
    session,
    accessToken,
    refreshToken: {
      token: refreshToken.token,
      expiry: refreshToken.expiry,
      createdTime: refreshToken.createdTime,
    },
    ...(antiCsrfToken === undefined ? {} : { antiCsrfToken }),
  };
}

/** Per-core session state: the services plus the cached refresh-token keys. */
export class SessionService {
  readonly cipher: RefreshTokenCipher;
  readonly issuer: TokenIssuer;

  constructor(readonly services: CoreServices) {
    this.cipher = new RefreshTokenCipher(() => services.storage.keyValue);
    this.issuer = new TokenIssuer(services, this.cipher);
  }

  get gracePeriodMs(): number {
    return this.services.config.refresh_token_rotation_grace_period * 1000;
  }

  async create(input: {
    appId: string;
    tenantId: string;
    recipeUserId: string;
    userDataInJWT: Record<string, unknown>;
    userDataInDatabase: Record<string, unknown>;
    enableAntiCsrf: boolean;
    useDynamicSigningKey: boolean;
  }): Promise<NewSession> {
    const now = this.services.now();
    const handle = newSessionHandle(input.tenantId);
    const antiCsrfToken = input.enableAntiCsrf ? randomUUID() : undefined;
    const session: SessionView = {
      handle,
      userId: await resolvePrimaryUserId(this.services, input.appId, input.recipeUserId),
      recipeUserId: input.recipeUserId,
      userDataInJWT: input.userDataInJWT,
      tenantId: input.tenantId,
    };
    const refreshToken = await this.issuer.refreshToken({
      appId: input.appId,
      sessionHandle: handle,
      recipeUserId: input.recipeUserId,
      tenantId: input.tenantId,
      antiCsrfToken,
    });
    await this.services.storage.sessions.create({
      appId: input.appId,
      tenantId: input.tenantId,
      sessionHandle: handle,
      userId: input.recipeUserId,
      refreshTokenHash2: hash2OfHash1(refreshToken.hash1),
      prevRefreshTokenHash2: null,
      refreshTokenRotatedAt: null,
      sessionData: input.userDataInDatabase,
      expiresAt: refreshToken.expiry,
      createdAt: now,
      jwtUserPayload: input.userDataInJWT,
      useStaticKey: !input.useDynamicSigningKey,
    });
    const accessToken = await this.issuer.accessToken({
      appId: input.appId,
      session,
      refreshTokenHash1: refreshToken.hash1,
      parentRefreshTokenHash1: null,
      antiCsrfToken: antiCsrfToken ?? null,
      useStaticKey: !input.useDynamicSigningKey,
    });
    return newSession(session, accessToken, refreshToken, antiCsrfToken);
  }

  /** The live session row, or undefined when it does not exist or has expired. */
  async liveSession(
    appId: string,
    tenantId: string,
    sessionHandle: string,
  ): Promise<SessionRecord | undefined> {
    const record = await this.services.storage.sessions.get(appId, tenantId, sessionHandle);
    return record !== undefined && record.expiresAt > this.services.now() ? record : undefined;
  }

  async sessionView(record: SessionRecord, userDataInJWT = record.jwtUserPayload): Promise<SessionView> {
    return {
      handle: record.sessionHandle,
      userId: await resolvePrimaryUserId(this.services, record.appId, record.userId),
      recipeUserId: record.userId,
      userDataInJWT,
      tenantId: record.tenantId,
    };
  }

  async information(appId: string, sessionHandle: string): Promise<SessionInformation | Unauthorised> {
    const record = await this.liveSession(appId, tenantOfSessionHandle(sessionHandle), sessionHandle);
    if (record === undefined) return { status: "UNAUTHORISED", message: SESSION_NOT_FOUND };
    return {
      status: "OK",
      sessionHandle: record.sessionHandle,
      userId: await resolvePrimaryUserId(this.services, appId, record.userId),
      recipeUserId: record.userId,
      userDataInDatabase: record.sessionData,
      userDataInJWT: record.jwtUserPayload,
      expiry: record.expiresAt,
      timeCreated: record.createdAt,
      tenantId: record.tenantId,
    };
  }

  /** Unexpired handles of a user, in one tenant or (tenantId undefined) all tenants of the app. */
  async handlesOfUser(
    appId: string,
    tenantId: string | undefined,
    userId: string,
    includeLinkedAccounts: boolean,
  ): Promise<string[]> {
    const userIds = await sessionUserIds(this.services, appId, userId, includeLinkedAccounts);
    return this.services.storage.sessions.listHandlesByUsers(appId, tenantId, userIds, this.services.now());
  }

  async removeByHandles(appId: string, sessionHandles: string[]): Promise<string[]> {
    const unique = [...new Set(sessionHandles)];
    return this.services.storage.sessions.deleteByHandles(
      appId,
      unique.map((sessionHandle) => ({ tenantId: tenantOfSessionHandle(sessionHandle), sessionHandle })),
    );
  }

  async removeByUser(
    appId: string,
    tenantId: string | undefined,
    userId: string,
    includeLinkedAccounts: boolean,
  ): Promise<string[]> {
    const userIds = await sessionUserIds(this.services, appId, userId, includeLinkedAccounts);
    return this.services.storage.sessions.deleteByUsers(appId, tenantId, userIds);
  }

  updateSessionData(appId: string, sessionHandle: string, data: Record<string, unknown>) {
    return this.updateLiveSession(appId, sessionHandle, (sessions, tenantId) =>
      sessions.updateSessionData(appId, tenantId, sessionHandle, data),
    );
  }

  updateJwtPayload(appId: string, sessionHandle: string, payload: Record<string, unknown>) {
    return this.updateLiveSession(appId, sessionHandle, (sessions, tenantId) =>
      sessions.updateJwtPayload(appId, tenantId, sessionHandle, payload),
    );
  }

  /** Writes to an unexpired session; UNAUTHORISED when it is gone or expired. */
  private async updateLiveSession(
    appId: string,
    sessionHandle: string,
    write: (sessions: SessionStore, tenantId: string) => Promise<boolean>,
  ): Promise<{ status: "OK" } | Unauthorised> {
    const tenantId = tenantOfSessionHandle(sessionHandle);
    const updated =
      (await this.liveSession(appId, tenantId, sessionHandle)) !== undefined &&
      (await write(this.services.storage.sessions, tenantId));
    return updated ? { status: "OK" } : { status: "UNAUTHORISED", message: SESSION_NOT_FOUND };
  }
}
