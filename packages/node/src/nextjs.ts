/**
 * `@portcullis/node/nextjs` (docs/protocol/sdk-surface.md §1.4), App Router first:
 *
 *   const handleCall = getAppDirRequestHandler();   // also accepts the pre-v21 `(NextResponse)`
 *   export async function GET(request) { … handleCall(request) … }
 *
 * The SDK's answers are Fetch Responses; `withSession` / `getSSRSession` for protected route
 * handlers and server components. Built on `/custom` (the same helpers any Fetch framework uses).
 */
import { errorHandler } from "./framework/express";
import {
  getSessionForSSRUsingAccessToken,
  handleAuthAPIRequest,
  withPreParsedRequestResponse,
  withSession,
  type SSRSession,
} from "./custom";

/**
 * v21 dropped the `NextResponse` parameter (CHANGELOG), but the docs and many apps still pass it:
 * accepted and ignored, so both spellings type-check and run.
 */
export function getAppDirRequestHandler(_legacyNextResponse?: unknown): (req: Request) => Promise<Response> {
  return handleAuthAPIRequest();
}

/**
 * For server components: `getSSRSession((await cookies()).getAll())`. Reads `sAccessToken` and
 * verifies it locally; `accessTokenPayload` is undefined when the token is missing, expired or
 * invalid (`hasToken` tells which: a token that needs refreshing is `hasToken: true`).
 */
export async function getSSRSession(cookies: Array<{ name: string; value: string }>): Promise<SSRSession> {
  const accessToken = cookies.find((cookie) => cookie.name === "sAccessToken")?.value;
  return getSessionForSSRUsingAccessToken(accessToken);
}

/**
 * Pages Router helper: `superTokensNextWrapper(async (next) => middleware()(req, res, next), req, res)`.
 * An error passed to `next` (or thrown) is answered by the Express-style errorHandler when it is
 * a SuperTokens error, else the promise rejects with it.
 */
export function superTokensNextWrapper<T>(
  middlewareCall: (next: (middlewareError?: any) => void) => Promise<T>,
  request: any,
  response: any,
): Promise<T | undefined> {
  return new Promise<T | undefined>((resolve, reject) => {
    const answerError = (err: unknown): void => {
      errorHandler()(err, request, response, (unhandled?: unknown) =>
        unhandled !== undefined ? reject(unhandled) : resolve(undefined),
      );
    };
    let nextCalled = false;
    const next = (middlewareError?: any): void => {
      nextCalled = true;
      if (middlewareError !== undefined) answerError(middlewareError);
      else resolve(undefined);
    };
    middlewareCall(next).then((value) => {
      if (!nextCalled) resolve(value);
    }, answerError);
  });
}

export { withSession, withPreParsedRequestResponse };
