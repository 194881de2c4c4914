import type { APIInterface, APIOptions, UserContext } from "../types";
import { readBody, requiredString, sessionForLinking, shouldTryLinking } from "./input";

/** `POST /<t>/signinup/code/resend` (docs/protocol/fdi.md §6). */
export async function handleResendCodeAPI(
  apis: APIInterface,
  tenantId: string,
  options: APIOptions,
  userContext: UserContext,
): Promise<boolean> {
  if (apis.resendCodePOST === undefined) return false;
  const body = await readBody(options.req);
  const deviceId = requiredString(body, "deviceId");
  const preAuthSessionId = requiredString(body, "preAuthSessionId");
  const linking = shouldTryLinking(body);
  const session = await sessionForLinking(linking, options.req, options.res, userContext);
  const result = await apis.resendCodePOST({
    deviceId,
    preAuthSessionId,
    tenantId,
    session,
    shouldTryLinkingWithSessionUser: linking,
    options,
    userContext,
  });
  options.res.sendJSON(result);
  return true;
}
