import { normaliseEmail, normalisePhoneNumber } from "../contact";
import { badInput } from "../error";
import type { APIInterface, APIOptions, UserContext } from "../types";

/** `GET /<t>/passwordless/email/exists?email=` (and the deprecated `/signup/email/exists`). */
export async function handleEmailExistsAPI(
  apis: APIInterface,
  tenantId: string,
  options: APIOptions,
  userContext: UserContext,
): Promise<boolean> {
  if (apis.emailExistsGET === undefined) return false;
  const email = options.req.getQuery("email");
  if (email === undefined || email.trim() === "") throw badInput("Please provide the email as a GET param");
  const result = await apis.emailExistsGET({ email: normaliseEmail(email), tenantId, options, userContext });
  options.res.sendJSON(result);
  return true;
}

/** `GET /<t>/passwordless/phonenumber/exists?phoneNumber=` (lower-case path, docs/protocol/fdi.md §10.1). */
export async function handlePhoneNumberExistsAPI(
  apis: APIInterface,
  tenantId: string,
  options: APIOptions,
  userContext: UserContext,
): Promise<boolean> {
  if (apis.phoneNumberExistsGET === undefined) return false;
  const phoneNumber = options.req.getQuery("phoneNumber");
  if (phoneNumber === undefined || phoneNumber.trim() === "") {
    throw badInput("Please provide the phoneNumber as a GET param");
  }
  // An unencoded "+" in a query string arrives as a space: read it back as the "+" it was.
  const result = await apis.phoneNumberExistsGET({
    phoneNumber: normalisePhoneNumber(phoneNumber.replace(/^ (?=\d)/, "+")),
    tenantId,
    options,
    userContext,
  });
  options.res.sendJSON(result);
  return true;
}
