import type { SdkRequest } from "./framework/types";

/**
 * The per-call bag passed through every recipe function and override (docs/protocol/sdk-surface.md §1.5). The SDK
 * keeps its own entries under `_default`, as supertokens-node does, so user keys never clash.
 */
export type UserContext = Record<string, any>;

/** The user's `userContext` argument (public functions take it last and optional). */
export function getUserContext(input: Record<string, any> | undefined): UserContext {
  return input ?? {};
}

/** The context an API call starts with: remembers the request for `getRequestFromUserContext`. */
export function makeUserContextFromRequest(request: SdkRequest, input?: Record<string, any>): UserContext {
  const userContext: UserContext = input ?? {};
  userContext._default = { ...userContext._default, request };
  return userContext;
}

export function getRequestFromUserContext(userContext: UserContext | undefined): SdkRequest | undefined {
  return userContext?._default?.request;
}
