/**
 * `@portcullis/node/recipe/session/framework/fastify`: `verifySession(options?)` is a
 * `preHandler` that sets `request.session`; session errors are answered through the SDK's
 * errorHandler, anything else goes to Fastify.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import SuperTokens from "../../../supertokens";
import { wrapRequest, wrapResponse } from "../../../framework/fastify";
import { makeUserContextFromRequest } from "../../../user-context";
import SessionRecipe from "../recipe";
import type { SessionContainerInterface, VerifySessionOptions } from "../types";

export type SessionRequest = FastifyRequest & { session?: SessionContainerInterface };

export function verifySession(options?: VerifySessionOptions) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const recipe = SessionRecipe.getInstanceOrThrowError();
    const request = wrapRequest(req);
    const response = wrapResponse(reply);
    const userContext = makeUserContextFromRequest(request);
    try {
      (req as SessionRequest).session = await recipe.verifySession(options, request, response, userContext);
    } catch (err) {
      await SuperTokens.getInstanceOrThrow().errorHandler(err, request, response, userContext);
    }
  };
}
