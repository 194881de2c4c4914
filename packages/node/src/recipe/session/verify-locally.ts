import type { KeyObject } from "node:crypto";
import { hasValidSignature, isSignedWithDynamicKey, type ParsedAccessToken } from "./access-token";
import { tryRefreshToken } from "./error";
import type { JWKSKeyStore } from "./jwks";
import type { TypeNormalisedInput } from "./types";

export interface LocalVerifyDeps {
  config: TypeNormalisedInput;
  keyStore: JWKSKeyStore;
}

/**
 * Signature, signing-key kind and expiry, all local (docs/protocol/cdi.md §2 "Local token checks").
 * Everything that fails here asks the frontend to refresh. Synchronous when the key is cached
 * (the common case), so a verify costs no extra promise.
 */
export function verifyLocally(deps: LocalVerifyDeps, parsed: ParsedAccessToken): void | Promise<void> {
  const key = deps.keyStore.peek(parsed.kid);
  if (key !== undefined) return checkWithKey(deps, parsed, key);
  return deps.keyStore.get(parsed.kid).then(
    (fetched) => {
      if (fetched === undefined) throw tryRefreshToken("The access token was signed with an unknown key");
      checkWithKey(deps, parsed, fetched);
    },
    () => {
      throw tryRefreshToken("Could not fetch the JWKS of the core to verify the access token");
    },
  );
}

function checkWithKey(deps: LocalVerifyDeps, parsed: ParsedAccessToken, key: KeyObject): void {
  if (!hasValidSignature(parsed, key)) throw tryRefreshToken("The access token signature is invalid");
  if (isSignedWithDynamicKey(parsed) !== deps.config.useDynamicAccessTokenSigningKey) {
    throw tryRefreshToken(
      "The access token doesn't match the useDynamicAccessTokenSigningKey setting (a refresh re-signs it)",
    );
  }
  if (parsed.payload.exp * 1000 <= Date.now()) throw tryRefreshToken("Access token expired");
}
