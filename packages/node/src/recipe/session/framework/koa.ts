/**
 * `@portcullis/node/recipe/session/framework/koa`: `verifySession(options?)` sets
 * `ctx.session` and calls `next()`; session errors are answered, others rethrown.
 */
import type { Context, Next } from "koa";
import SuperTokens from "../../../supertokens";
import { wrapRequest, wrapResponse } from "../../../framework/koa";
import { makeUserContextFromRequest } from "../../../user-context";
import SessionRecipe from "../recipe";
import type { SessionContainerInterface, VerifySessionOptions } from "../types";

export type SessionContext = Context & { session?: SessionContainerInterface };

export function verifySession(options?: VerifySessionOptions) {
  return async (ctx: Context, next: Next): Promise<void> => {
    const recipe = SessionRecipe.getInstanceOrThrowError();
    const request = wrapRequest(ctx);
    const response = wrapResponse(ctx);
    const userContext = makeUserContextFromRequest(request);
    try {
      (ctx as SessionContext).session = await recipe.verifySession(options, request, response, userContext);
    } catch (err) {
      await SuperTokens.getInstanceOrThrow().errorHandler(err, request, response, userContext);
      return;
    }
    await next();
  };
}
