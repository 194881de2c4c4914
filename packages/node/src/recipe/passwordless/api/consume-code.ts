import { badInput } from "../error";
import type { APIInterface, APIOptions, CodeInput, UserContext } from "../types";
import { optionalString, readBody, requiredString, sessionForLinking, shouldTryLinking } from "./input";

/** `POST /<t>/signinup/code/consume` (docs/protocol/fdi.md §6): OK answers carry the new session's headers. */
export async function handleConsumeCodeAPI(
  apis: APIInterface,
  tenantId: string,
  options: APIOptions,
  userContext: UserContext,
): Promise<boolean> {
  if (apis.consumeCodePOST === undefined) return false;
  const body = await readBody(options.req);
  const preAuthSessionId = requiredString(body, "preAuthSessionId");
  const linkCode = optionalString(body, "linkCode");
  const deviceId = optionalString(body, "deviceId");
  const userInputCode = optionalString(body, "userInputCode");

  let code: CodeInput;
  if (linkCode !== undefined) {
    if (deviceId !== undefined || userInputCode !== undefined) {
      throw badInput("Please provide one of (linkCode) or (deviceId+userInputCode) and not both");
    }
    code = { preAuthSessionId, linkCode };
  } else {
    if (deviceId === undefined && userInputCode === undefined) {
      throw badInput("Please provide one of (linkCode) or (deviceId+userInputCode) and not both");
    }
    if (deviceId === undefined || userInputCode === undefined) {
      throw badInput("Please provide both deviceId and userInputCode");
    }
    code = { preAuthSessionId, deviceId, userInputCode };
  }
  const linking = shouldTryLinking(body);
  const session = await sessionForLinking(linking, options.req, options.res, userContext);

  const result = await apis.consumeCodePOST({
    ...code,
    tenantId,
    session,
    shouldTryLinkingWithSessionUser: linking,
    options,
    userContext,
  });
  if (result.status === "OK") {
    // FDI ≥ 3.0 shape (docs/protocol/fdi.md §2 "User object"); the session went out as headers/cookies.
    options.res.sendJSON({
      status: "OK",
      createdNewRecipeUser: result.createdNewRecipeUser,
      user: result.user.toJson(),
    });
  } else {
    options.res.sendJSON(result);
  }
  return true;
}
