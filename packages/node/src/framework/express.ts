/**
 * `@portcullis/node/framework/express` (docs/protocol/sdk-surface.md §1.3): `middleware()`, `errorHandler()`,
 * `wrapRequest`, `wrapResponse`. Works with Express 4 and 5, with or without express.json().
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import SuperTokens from "../supertokens";
import { makeUserContextFromRequest } from "../user-context";
import { NodeSdkRequest, NodeSdkResponse } from "./node-request";
import type { AttachedSession, SdkRequest, SdkResponse } from "./types";

export interface SessionRequest extends Request {
  session?: AttachedSession;
}

type ExpressLikeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

export function wrapRequest(req: ExpressLikeRequest): SdkRequest {
  // originalUrl keeps the mount path of app.use("/api", …): that is what the browser called.
  return new NodeSdkRequest(req, req.originalUrl ?? req.url, () => req.body);
}

export function wrapResponse(res: ServerResponse): SdkResponse {
  return new NodeSdkResponse(res);
}

export function middleware() {
  // Returns a promise that settles once the request is answered (or passed on), as the official
  // middleware does: Next.js's superTokensNextWrapper awaits it to know when the SDK is done.
  return (req: Request, res: Response, next: NextFunction): Promise<void> | undefined => {
    const supertokens = SuperTokens.getInstanceOrThrow();
    // The fast path for every non-auth request: one string test, nothing allocated.
    if (!supertokens.isUnderApiBasePath((req as ExpressLikeRequest).originalUrl ?? req.url)) {
      next();
      return undefined;
    }
    const request = wrapRequest(req as ExpressLikeRequest);
    const response = wrapResponse(res);
    const userContext = makeUserContextFromRequest(request);
    return supertokens.middleware(request, response, userContext).then(
      (handled) => {
        if (!handled) next();
      },
      (err: unknown) => supertokens.errorHandler(err, request, response, userContext).catch(() => next(err)),
    );
  };
}

export function errorHandler() {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    const supertokens = SuperTokens.getInstanceOrThrow();
    const request = wrapRequest(req as ExpressLikeRequest);
    const response = wrapResponse(res);
    const userContext = makeUserContextFromRequest(request);
    supertokens
      .errorHandler(err, request, response, userContext)
      .catch((unhandled: unknown) => next(unhandled));
  };
}
