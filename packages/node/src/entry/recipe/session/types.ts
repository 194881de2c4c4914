/**
 * Public path `@portcullis/node/recipe/session/types` (docs/protocol/sdk-surface.md §1.5, §1.6): the types
 * override code names (`RecipeInterface`, `APIInterface`, `SessionContainerInterface`, claims, …).
 * As in supertokens-node, `SessionClaim` is also a runtime export here and there is no `default`.
 */
import type { SdkRequest } from "../../../framework/types";
import type { SessionContainerInterface, SessionInCore, TokenInfo } from "../../../recipe/session/types";

export type * from "../../../recipe/session/types";
export { SessionClaim } from "../../../recipe/session/claims";

/** A request `verifySession` has run on, whatever the framework (`framework/<name>` has its own). */
export interface SessionRequest extends SdkRequest {
  session?: SessionContainerInterface;
}

/** A core signing key, as supertokens-node names it. */
export type KeyInfo = {
  publicKey: string;
  expiryTime: number;
  createdAt: number;
};

/** The core's answer to session creation and refresh, as supertokens-node names it. */
export type CreateOrRefreshAPIResponse = {
  session: SessionInCore;
  accessToken: TokenInfo;
  refreshToken: TokenInfo;
  antiCsrfToken: string | undefined;
};
