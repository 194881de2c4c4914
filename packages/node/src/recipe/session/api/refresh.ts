import type { APIInterface, APIOptions, UserContext } from "../types";

/** `POST {apiBasePath}/session/refresh`: 200 `{}` plus the new tokens (docs/protocol/fdi.md §3.6). */
export async function handleRefreshAPI(
  apis: APIInterface,
  options: APIOptions,
  userContext: UserContext,
): Promise<boolean> {
  if (apis.refreshPOST === undefined) return false;
  await apis.refreshPOST({ options, userContext });
  options.res.sendJSON({});
  return true;
}
