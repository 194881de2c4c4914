/**
 * `@portcullis/node/recipe/session/framework/hono` (ours): `verifySession(options?)` sets
 * `c.get("session")`; refreshed tokens are copied onto Hono's response, session errors are
 * answered with the SDK's usual 401/403.
 */
import type { MiddlewareHandler } from "hono";
import SuperTokens from "../../../supertokens";
import { applyToContext, wrapRequest, wrapResponse } from "../../../framework/hono";
import { makeUserContextFromRequest } from "../../../user-context";
import SessionRecipe from "../recipe";
import type { SessionContainerInterface, VerifySessionOptions } from "../types";

export type SessionVariables = { session?: SessionContainerInterface };

export function verifySession(
  options?: VerifySessionOptions,
): MiddlewareHandler<{ Variables: SessionVariables }> {
  return async (c, next) => {
    const recipe = SessionRecipe.getInstanceOrThrowError();
    const request = wrapRequest(c);
    const response = wrapResponse(c);
    const userContext = makeUserContextFromRequest(request);
    try {
      c.set("session", await recipe.verifySession(options, request, response, userContext));
    } catch (err) {
      await SuperTokens.getInstanceOrThrow().errorHandler(err, request, response, userContext);
      return response.toResponse();
    }
    applyToContext(response, c);
    await next();
  };
}
