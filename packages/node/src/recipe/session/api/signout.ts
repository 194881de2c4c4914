import { getSessionFromRequest, type RequestFlowDeps } from "../session-request-functions";
import type { APIInterface, APIOptions, UserContext } from "../types";

/** `POST {apiBasePath}/signout` (docs/protocol/fdi.md §3.7): session required, global claim validators skipped. */
export async function handleSignOutAPI(
  apis: APIInterface,
  options: APIOptions,
  deps: RequestFlowDeps,
  userContext: UserContext,
): Promise<boolean> {
  if (apis.signOutPOST === undefined) return false;
  const session = await getSessionFromRequest(
    deps,
    options.req,
    options.res,
    { sessionRequired: true, overrideGlobalClaimValidators: () => [] },
    userContext,
  );
  const result = await apis.signOutPOST({ options, session: session!, userContext });
  options.res.sendJSON(result);
  return true;
}
