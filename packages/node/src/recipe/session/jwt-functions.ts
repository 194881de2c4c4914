/** getJWKS / createJWT of the session module (docs/protocol/sdk-surface.md §1.6), re-exported by index.ts. */
import { getCoreClient } from "../../core-client";
import { getUserContext } from "../../user-context";
import SessionRecipe from "./recipe";

/** The core's public signing keys (`/.well-known/jwks.json`). */
export async function getJWKS(
  _userContext?: Record<string, any>,
): Promise<{ keys: any[]; validityInSeconds?: number }> {
  SessionRecipe.getInstanceOrThrowError();
  const jwks = await getCoreClient().getJWKS();
  return { keys: jwks.keys, validityInSeconds: jwks.maxAgeSeconds };
}

/** A JWT signed by the core (`POST /recipe/jwt`, docs/protocol/cdi.md §3 "Core"); static key by default. */
export async function createJWT(
  payload: any = {},
  validitySeconds = 3153600000,
  useStaticSigningKey = true,
  userContext?: Record<string, any>,
): Promise<{ status: "OK"; jwt: string } | { status: "UNSUPPORTED_ALGORITHM_ERROR" }> {
  const r = SessionRecipe.getInstanceOrThrowError();
  const jwksDomain = r.appInfo.apiDomain + r.appInfo.apiBasePath;
  return getCoreClient("jwt").post(
    "/recipe/jwt",
    { payload, validity: validitySeconds, useStaticSigningKey, algorithm: "RS256", jwksDomain },
    getUserContext(userContext),
  );
}
