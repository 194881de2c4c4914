import type { APIInterface } from "../types";
import {
  getSessionFromRequest,
  refreshSessionInRequest,
  type RequestFlowDeps,
} from "../session-request-functions";

/**
 * The default FDI handlers (docs/protocol/sdk-surface.md §1.5 `apis`). `deps` gives the request flows the
 * recipe's final (overridden) functions.
 */
export function getAPIImplementation(deps: () => RequestFlowDeps): APIInterface {
  return {
    refreshPOST: async ({ options, userContext }) =>
      refreshSessionInRequest(deps(), options.req, options.res, userContext),

    signOutPOST: async ({ session, userContext }) => {
      await session.revokeSession(userContext);
      return { status: "OK" };
    },

    verifySession: async ({ verifySessionOptions, options, userContext }) => {
      // The official SDK treats a verifySession placed on the refresh route as a refresh.
      if (options.req.method === "POST" && options.req.path === options.config.refreshTokenPath) {
        return refreshSessionInRequest(deps(), options.req, options.res, userContext);
      }
      return getSessionFromRequest(deps(), options.req, options.res, verifySessionOptions, userContext);
    },
  };
}
