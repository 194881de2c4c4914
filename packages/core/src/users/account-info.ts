/**
 * Normalisation of account info (docs/protocol/cdi.md §5 "Normalisation"): every email and phone number
 * is stored, compared and returned in this form, so `A@x.com ` and `a@x.com` are one user.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js";

/** Trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * E.164 (`+14155552671`) when the input parses as an international number; otherwise the
 * trimmed input, as SuperTokens core does (the SDK validates phone numbers before sending).
 */
export function normalisePhoneNumber(phoneNumber: string): string {
  const trimmed = phoneNumber.trim();
  return parsePhoneNumberFromString(trimmed)?.number ?? trimmed;
}
