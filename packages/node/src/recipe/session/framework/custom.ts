/**
 * `@portcullis/node/recipe/session/framework/custom`: `verifySession(options?)` for any server,
 * given a PreParsedRequest / CollectingResponse (or node:http objects). It sets `req.session`;
 * a session error is answered on `res` and `next(err)` is not called, as in supertokens-node.
 */
import SuperTokens from "../../../supertokens";
import { wrapRequest, wrapResponse } from "../../../framework/custom";
import { makeUserContextFromRequest } from "../../../user-context";
import SessionRecipe from "../recipe";
import type { SessionContainerInterface, VerifySessionOptions } from "../types";

export function verifySession(options?: VerifySessionOptions) {
  return async (req: any, res: any, next?: (err?: unknown) => void): Promise<any> => {
    const recipe = SessionRecipe.getInstanceOrThrowError();
    const request = wrapRequest(req);
    const response = wrapResponse(res);
    const userContext = makeUserContextFromRequest(request);
    try {
      const session: SessionContainerInterface | undefined = await recipe.verifySession(
        options,
        request,
        response,
        userContext,
      );
      req.session = session;
      if (next !== undefined) next();
      return undefined;
    } catch (err) {
      try {
        await SuperTokens.getInstanceOrThrow().errorHandler(err, request, response, userContext);
        return res;
      } catch {
        if (next !== undefined) return next(err);
        throw err;
      }
    }
  };
}
