/**
 * The session workload, phrased as the CDI calls supertokens-node@24.0.3 makes
 * (docs/protocol/cdi.md §4 "Session"): create at sign-in, refresh when the access token expires,
 * verify with checkDatabase false (the SDK's default never reaches the core; the core figure
 * is what first-use-after-refresh and `checkDatabase: true` cost).
 */
import { runLoad, type CdiCall, type CoreConnection, type LoadResult } from "./load";

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** The access token came from a refresh and has not been used since (it names its parent). */
  freshFromRefresh?: boolean;
}

export interface WorkloadSize {
  concurrency: number;
  creates: number;
  refreshes: number;
  verifies: number;
  maxSecondsEach: number;
}

function createBody(i: number) {
  return {
    userId: `bench-user-${i % 1000}`,
    userDataInJWT: { role: "member" },
    userDataInDatabase: { device: "bench" },
    enableAntiCsrf: false,
    useDynamicSigningKey: true,
  };
}

export async function createSessions(
  connection: CoreConnection,
  size: WorkloadSize,
): Promise<{ result: LoadResult; sessions: SessionTokens[] }> {
  const sessions: SessionTokens[] = [];
  const result = await runLoad({
    name: "create  POST /public/recipe/session",
    connection,
    requests: size.creates,
    concurrency: size.concurrency,
    maxSeconds: size.maxSecondsEach,
    next: (i) => ({ method: "POST", path: "/public/recipe/session", body: createBody(i) }),
    check: (answer, i) => {
      if (answer.status !== 200 || answer.body?.status !== "OK") return false;
      sessions[i] = {
        accessToken: answer.body.accessToken.token,
        refreshToken: answer.body.refreshToken.token,
      };
      return true;
    },
  });
  return { result, sessions: sessions.filter(Boolean) };
}

/**
 * Each worker owns a disjoint slice of the sessions and always presents the newest refresh
 * token of a session, as a browser does: after the first round every refresh promotes a
 * child token (one indexed read + one UPDATE + one RS256 signature).
 */
export async function refreshSessions(
  connection: CoreConnection,
  size: WorkloadSize,
  sessions: SessionTokens[],
): Promise<LoadResult> {
  const owned: number[][] = Array.from({ length: size.concurrency }, () => []);
  sessions.forEach((_, index) => owned[index % size.concurrency].push(index));
  const turn = new Array<number>(size.concurrency).fill(0);
  const inFlight = new Array<number>(size.concurrency).fill(-1);
  return runLoad({
    name: "refresh POST /recipe/session/refresh",
    connection,
    requests: size.refreshes,
    concurrency: size.concurrency,
    maxSeconds: size.maxSecondsEach,
    next: (_i, worker) => {
      const mine = owned[worker];
      const index = mine[turn[worker]++ % mine.length];
      inFlight[worker] = index;
      return {
        method: "POST",
        path: "/recipe/session/refresh",
        body: {
          refreshToken: sessions[index].refreshToken,
          enableAntiCsrf: false,
          useDynamicSigningKey: true,
        },
      };
    },
    check: (answer, _i, worker) => {
      if (answer.status !== 200 || answer.body?.status !== "OK") return false;
      sessions[inFlight[worker]].refreshToken = answer.body.refreshToken.token;
      sessions[inFlight[worker]].accessToken = answer.body.accessToken.token;
      sessions[inFlight[worker]].freshFromRefresh = true;
      return true;
    },
  });
}

/** The SDK's `POST /recipe/session/verify` for an access token, without anti-CSRF. */
function verifyCall(accessToken: string, checkDatabase: boolean): CdiCall {
  return {
    method: "POST",
    path: "/recipe/session/verify",
    body: { accessToken, doAntiCsrfCheck: false, enableAntiCsrf: false, checkDatabase },
  };
}

/** Access tokens from create carry no parentRefreshTokenHash1, so no promotion happens. */
export async function verifySessions(
  connection: CoreConnection,
  size: WorkloadSize,
  sessions: SessionTokens[],
  checkDatabase: boolean,
): Promise<LoadResult> {
  return runLoad({
    name: `verify  POST /recipe/session/verify checkDatabase=${checkDatabase}`,
    connection,
    requests: size.verifies,
    concurrency: size.concurrency,
    maxSeconds: size.maxSecondsEach,
    next: (i) => verifyCall(sessions[i % sessions.length].accessToken, checkDatabase),
    check: (answer) => answer.status === 200 && answer.body?.status === "OK",
  });
}

/**
 * The first request after a refresh: the SDK sends the new access token (it names its parent
 * refresh token) to the core's verify, which promotes the child refresh token — one
 * compare-and-set write per request, shared with the other promotions of the same moment on
 * PostgreSQL. Each session's newest access token is used once, as a browser would.
 */
export async function verifyAfterRefresh(
  connection: CoreConnection,
  size: WorkloadSize,
  sessions: SessionTokens[],
): Promise<LoadResult> {
  const fresh = sessions.filter((session) => session.freshFromRefresh);
  return runLoad({
    name: "verify  POST /recipe/session/verify first use after refresh (promotion write)",
    connection,
    requests: fresh.length,
    concurrency: size.concurrency,
    maxSeconds: size.maxSecondsEach,
    next: (i) => verifyCall(fresh[i].accessToken, false),
    // A promotion answers a new access token; without one the request wrote nothing.
    check: (answer) =>
      answer.status === 200 && answer.body?.status === "OK" && answer.body.accessToken !== undefined,
  });
}
