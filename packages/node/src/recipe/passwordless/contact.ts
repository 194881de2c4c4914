/**
 * Default checks and normal forms of the two contact methods (docs/protocol/fdi.md §6): emails are
 * trimmed, phone numbers become E.164 (libphonenumber-js, as the core stores them).
 */
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { ContactInput } from "./types";

export const INVALID_EMAIL = "Email is invalid";
export const INVALID_PHONE_NUMBER = "Phone number is invalid";

// One "@", something before it, a dotted domain after it, no spaces: deliverability is the
// mail server's call, this only rejects what cannot be an address.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function defaultValidateEmailAddress(email: string): string | undefined {
  return typeof email === "string" && email.length <= 320 && EMAIL_SHAPE.test(email.trim())
    ? undefined
    : INVALID_EMAIL;
}

/** Numbers must be international (`+` and country code): there is no default country. */
export function defaultValidatePhoneNumber(phoneNumber: string): string | undefined {
  if (typeof phoneNumber !== "string") return INVALID_PHONE_NUMBER;
  const parsed = parsePhoneNumberFromString(phoneNumber.trim());
  return parsed !== undefined && parsed.isValid() ? undefined : INVALID_PHONE_NUMBER;
}

/** E.164 when the number parses; otherwise the trimmed input (a custom validator accepted it). */
export function normalisePhoneNumber(phoneNumber: string): string {
  const trimmed = phoneNumber.trim();
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed !== undefined ? parsed.format("E.164") : trimmed;
}

export function normaliseEmail(email: string): string {
  return email.trim();
}

/** Only the contact key that is set travels on (`{email}` or `{phoneNumber}`), nothing else of `input`. */
export function contactOf(input: ContactInput): ContactInput {
  return "email" in input && input.email !== undefined
    ? { email: input.email }
    : { phoneNumber: (input as { phoneNumber: string }).phoneNumber };
}
