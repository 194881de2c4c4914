import { BadRequestError } from "../../http/errors";
import type { Route } from "../../http/route";
import { signJwt } from "./jws";

/** The only algorithm the core signs with (CDI spec `createJWTAlgorithm` enum). */
const SUPPORTED_ALGORITHM = "RS256";

/**
 * POST /recipe/jwt (docs/protocol/cdi.md §3 "Core"): signs an arbitrary payload, with the app's static
 * key by default. Node sends `{payload, validity, useStaticSigningKey, algorithm, jwksDomain}`.
 */
const createJwt: Route = {
  method: "POST",
  path: "/recipe/jwt",
  level: "app",
  async handler({ body, scope, services }) {
    const payload = body.object("payload");
    const validity = body.number("validity");
    if (!Number.isSafeInteger(validity) || validity <= 0) {
      throw new BadRequestError(
        `Field name 'validity' must be a positive integer number of seconds (got ${validity})`,
      );
    }
    const useStaticSigningKey = body.optionalBoolean("useStaticSigningKey") ?? true;
    const algorithm = body.string("algorithm");
    const jwksDomain = body.string("jwksDomain");
    if (algorithm !== SUPPORTED_ALGORITHM) return { status: "UNSUPPORTED_ALGORITHM_ERROR" };

    const key = await services.signingKeys.signingKey(
      scope.appId,
      useStaticSigningKey ? "static" : "dynamic",
    );
    const issuedAt = Math.floor(services.now() / 1000);
    // `iss` is the caller's to choose; `iat`/`exp` are always the core's.
    const claims = {
      ...payload,
      iss: payload.iss === undefined ? jwksDomain : payload.iss,
      iat: issuedAt,
      exp: issuedAt + validity,
    };
    const jwt = await signJwt({ alg: "RS256", typ: "JWT", kid: key.kid }, claims, key.privateKey);
    return { status: "OK", jwt };
  },
};

/** GET /recipe/jwt/jwks: the same keys as /.well-known/jwks.json, with a status. */
const getJwks: Route = {
  method: "GET",
  path: "/recipe/jwt/jwks",
  level: "app",
  async handler({ scope, services }) {
    const { keys, maxAgeSeconds } = await services.signingKeys.jwks(scope.appId);
    return {
      status: 200,
      headers: { "cache-control": `max-age=${maxAgeSeconds}, must-revalidate` },
      body: { status: "OK", keys },
    };
  },
};

export const jwtRoutes: Route[] = [createJwt, getJwks];
