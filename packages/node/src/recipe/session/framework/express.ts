/**
 * `@portcullis/node/recipe/session/framework/express`: `verifySession(options?)` sets
 * `req.session` and calls `next()`; errors go to the SDK's errorHandler, then `next(err)`
 * (docs/protocol/sdk-surface.md §1.3). This runs on every protected request: no work beyond the session check.
 */
import type { NextFunction, Request, Response } from "express";
import SuperTokens from "../../../supertokens";
import { wrapRequest, wrapResponse } from "../../../framework/express";
import { makeUserContextFromRequest } from "../../../user-context";
import SessionRecipe from "../recipe";
import type { SessionContainerInterface, VerifySessionOptions } from "../types";

export type SessionRequest = Request & { session?: SessionContainerInterface };

export function verifySession(options?: VerifySessionOptions) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const recipe = SessionRecipe.getInstanceOrThrowError();
    const request = wrapRequest(req as any);
    const response = wrapResponse(res);
    const userContext = makeUserContextFromRequest(request);
    recipe.verifySession(options, request, response, userContext).then(
      (session) => {
        (req as SessionRequest).session = session;
        next();
      },
      (err: unknown) => {
        SuperTokens.getInstanceOrThrow()
          .errorHandler(err, request, response, userContext)
          .catch(() => next(err));
      },
    );
  };
}
