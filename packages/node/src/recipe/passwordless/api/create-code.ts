import { allowsEmail, allowsPhone } from "../config";
import { normaliseEmail, normalisePhoneNumber } from "../contact";
import { badInput } from "../error";
import type { APIInterface, APIOptions, UserContext } from "../types";
import { optionalString, readBody, sessionForLinking, shouldTryLinking } from "./input";

/** `POST /<t>/signinup/code` (docs/protocol/fdi.md §6). */
export async function handleCreateCodeAPI(
  apis: APIInterface,
  tenantId: string,
  options: APIOptions,
  userContext: UserContext,
): Promise<boolean> {
  if (apis.createCodePOST === undefined) return false;
  const body = await readBody(options.req);
  const email = optionalString(body, "email");
  const phoneNumber = optionalString(body, "phoneNumber");
  if ((email === undefined) === (phoneNumber === undefined)) {
    throw badInput("Please provide exactly one of email or phoneNumber");
  }
  const { config } = options;
  if (email !== undefined && !allowsEmail(config)) {
    throw badInput('Please provide a phoneNumber: contactMethod is "PHONE"');
  }
  if (phoneNumber !== undefined && !allowsPhone(config)) {
    throw badInput('Please provide an email: contactMethod is "EMAIL"');
  }
  const linking = shouldTryLinking(body);

  let contact: { email: string } | { phoneNumber: string };
  if (email !== undefined) {
    const trimmed = normaliseEmail(email);
    const error = await config.validateEmailAddress(trimmed, tenantId);
    if (error !== undefined) return sendGeneralError(options, error);
    contact = { email: trimmed };
  } else {
    const trimmed = phoneNumber!.trim();
    const error = await config.validatePhoneNumber(trimmed, tenantId);
    if (error !== undefined) return sendGeneralError(options, error);
    contact = { phoneNumber: normalisePhoneNumber(trimmed) };
  }

  const session = await sessionForLinking(linking, options.req, options.res, userContext);
  const result = await apis.createCodePOST({
    ...contact,
    tenantId,
    session,
    shouldTryLinkingWithSessionUser: linking,
    options,
    userContext,
  });
  options.res.sendJSON(result);
  return true;
}

/** Failed validation is a 200 GENERAL_ERROR, not a 400 (docs/protocol/fdi.md §6). */
function sendGeneralError(options: APIOptions, message: string): boolean {
  options.res.sendJSON({ status: "GENERAL_ERROR", message });
  return true;
}
