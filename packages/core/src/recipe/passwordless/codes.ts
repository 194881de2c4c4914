/**
 * Passwordless code formats (docs/protocol/cdi.md §5 "Passwordless codes"), exactly as SuperTokens core
 * makes them, so ids and links issued by either stay meaningful to the other's clients:
 * - deviceId: std-base64 (padded) of 32 random bytes; given to the client, never stored;
 * - preAuthSessionId = deviceIdHash = base64url-nopad(sha256(deviceIdBytes));
 * - link code salt: std-base64 of 32 random bytes, stored with the device;
 * - linkCode = base64url-nopad(HMAC-SHA256(key = deviceIdBytes ‖ salt, msg = userInputCode));
 * - stored link_code_hash = base64url-nopad(sha256(linkCode)).
 * Checking a userInputCode therefore recomputes the linkCode from the deviceId the client
 * sends, the stored salt and the input, and looks its hash up: nothing secret is stored.
 */
import { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from "node:crypto";

const DEVICE_ID_BYTES = 32;
const SALT_BYTES = 32;
const USER_INPUT_CODE_DIGITS = 6;

export interface NewDevice {
  deviceId: string;
  deviceIdBytes: Buffer;
  deviceIdHash: string;
  linkCodeSalt: string;
}

export function newDevice(): NewDevice {
  const deviceIdBytes = randomBytes(DEVICE_ID_BYTES);
  return {
    deviceId: deviceIdBytes.toString("base64"),
    deviceIdBytes,
    deviceIdHash: deviceIdHashOf(deviceIdBytes),
    linkCodeSalt: randomBytes(SALT_BYTES).toString("base64"),
  };
}

/** The bytes of a client-sent deviceId; undefined when it is not std-base64 of 32 bytes. */
export function parseDeviceId(deviceId: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(deviceId)) return undefined;
  const bytes = Buffer.from(deviceId, "base64");
  return bytes.length === DEVICE_ID_BYTES ? bytes : undefined;
}

export function deviceIdHashOf(deviceIdBytes: Buffer): string {
  return createHash("sha256").update(deviceIdBytes).digest("base64url");
}

/** Six random digits, leading zeros kept (uniform: crypto.randomInt). */
export function newUserInputCode(): string {
  return randomInt(0, 10 ** USER_INPUT_CODE_DIGITS)
    .toString()
    .padStart(USER_INPUT_CODE_DIGITS, "0");
}

export function linkCodeOf(deviceIdBytes: Buffer, linkCodeSalt: string, userInputCode: string): string {
  const key = Buffer.concat([deviceIdBytes, Buffer.from(linkCodeSalt, "base64")]);
  return createHmac("sha256", key).update(userInputCode, "utf8").digest("base64url");
}

export function linkCodeHashOf(linkCode: string): string {
  return createHash("sha256").update(linkCode, "utf8").digest("base64url");
}

/** Constant-time equality of two hashes (equal-length strings compare in constant time). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

export function newCodeId(): string {
  return randomUUID();
}
