import type { NormalisedAppInfo } from "../../types";
import type { SdkRequest } from "../../framework/types";
import type { UserContext } from "../../user-context";

/**
 * docs/protocol/fdi.md §6 "Magic link format":
 * `{websiteDomain}{websiteBasePath}/verify?preAuthSessionId=<id>&tenantId=<t>#<linkCode>`.
 * The frontend takes the hash as it is (no decoding), so the link code must already be URL-safe:
 * our core makes it base64url (docs/protocol/cdi.md §5 "Passwordless codes"), as is preAuthSessionId.
 */
export function buildMagicLink(input: {
  appInfo: NormalisedAppInfo;
  preAuthSessionId: string;
  linkCode: string;
  tenantId: string;
  request: SdkRequest | undefined;
  userContext: UserContext;
}): string {
  const origin = input.appInfo.getOrigin({ request: input.request, userContext: input.userContext });
  return (
    `${origin}${input.appInfo.websiteBasePath}/verify` +
    `?preAuthSessionId=${encodeURIComponent(input.preAuthSessionId)}` +
    `&tenantId=${encodeURIComponent(input.tenantId)}` +
    `#${input.linkCode}`
  );
}
