import { getCoreClient } from "../../../core-client";
import type { SdkResponse } from "../../../framework/types";

/**
 * `GET {apiBasePath}/jwt/jwks.json` (docs/protocol/fdi.md §3.8): the core's public keys, for SSR helpers
 * that verify access tokens themselves.
 */
export async function handleJWKSAPI(res: SdkResponse): Promise<boolean> {
  const jwks = await getCoreClient("jwt").getJWKS();
  if (jwks.maxAgeSeconds !== undefined) {
    res.setHeader("Cache-Control", `max-age=${jwks.maxAgeSeconds}, must-revalidate`, false);
  }
  res.sendJSON({ keys: jwks.keys });
  return true;
}
