/**
 * Passwordless sign-in-up (docs/protocol/cdi.md §3 "Passwordless", §4 call sequences, §5 code formats).
 *
 * Concurrency: every multi-row step runs in one transaction, and the decisive write is a
 * conditional delete whose row count says who won:
 * - consume deletes the devices of the email/phone and succeeds only if the consumed device was
 *   among the deleted rows; of two consumes of one code (or two codes of one email) racing, the
 *   second deletes nothing and answers RESTART_FLOW_ERROR;
 * - a wrong code increments `failed_attempts` in one statement, so parallel guesses all count;
 * - a new user's email/phone is a UNIQUE key per tenant; a conflicting sign-up is retried and
 *   then finds the user the other request created.
 */
import { randomUUID } from "node:crypto";
import { BadRequestError } from "../../http/errors";
import type { CoreServices } from "../../http/route";
import {
  DuplicateKeyError,
  type PasswordlessDeviceRecord,
  type PasswordlessUserRecord,
  type Storage,
} from "../../storage/types";
import { userJson, type UserJson } from "../../users/user-object";
import {
  deviceIdHashOf,
  linkCodeHashOf,
  linkCodeOf,
  newCodeId,
  newDevice,
  newUserInputCode,
  parseDeviceId,
  sameHash,
} from "./codes";

/** A proof that opens `device`; `user` is the tenant's user of its email/phone, if any. */
interface VerifiedProof {
  device: PasswordlessDeviceRecord;
  user: PasswordlessUserRecord | undefined;
}

/** Attempts at a fresh random code when one collides with an existing link code hash. */
const CODE_GENERATION_ATTEMPTS = 3;

export type CreateCodeTarget = { email: string } | { phoneNumber: string } | { deviceId: string };

export type CreateCodeResult =
  | {
      status: "OK";
      preAuthSessionId: string;
      codeId: string;
      deviceId: string;
      userInputCode: string;
      linkCode: string;
      timeCreated: number;
      codeLifetime: number;
    }
  | { status: "RESTART_FLOW_ERROR" }
  | { status: "USER_INPUT_CODE_ALREADY_USED_ERROR" };

export type CodeProof =
  | { preAuthSessionId: string; linkCode: string }
  | { preAuthSessionId: string; deviceId: string; userInputCode: string };

export interface ConsumedDeviceJson {
  preAuthSessionId: string;
  failedCodeInputAttemptCount: number;
  email?: string;
  phoneNumber?: string;
}

export type CodeRejection =
  | {
      status: "INCORRECT_USER_INPUT_CODE_ERROR" | "EXPIRED_USER_INPUT_CODE_ERROR";
      failedCodeInputAttemptCount: number;
      maximumCodeInputAttempts: number;
    }
  | { status: "RESTART_FLOW_ERROR" };

export type CheckCodeResult = { status: "OK"; consumedDevice: ConsumedDeviceJson } | CodeRejection;

export type ConsumeCodeResult =
  | {
      status: "OK";
      createdNewUser: boolean;
      user: UserJson;
      recipeUserId: string;
      consumedDevice: ConsumedDeviceJson;
    }
  | CodeRejection;

export interface DeviceJson extends ConsumedDeviceJson {
  codes: { codeId: string; timeCreated: number; codeLifetime: number }[];
}

export type UpdateUserResult =
  | { status: "OK" }
  | { status: "UNKNOWN_USER_ID_ERROR" }
  | { status: "EMAIL_ALREADY_EXISTS_ERROR" }
  | { status: "PHONE_NUMBER_ALREADY_EXISTS_ERROR" };

const RESTART_FLOW = Object.freeze({ status: "RESTART_FLOW_ERROR" as const });

function consumedDeviceJson(device: PasswordlessDeviceRecord): ConsumedDeviceJson {
  const json: ConsumedDeviceJson = {
    preAuthSessionId: device.deviceIdHash,
    failedCodeInputAttemptCount: device.failedAttempts,
  };
  if (device.email !== null) json.email = device.email;
  if (device.phoneNumber !== null) json.phoneNumber = device.phoneNumber;
  return json;
}

export class PasswordlessService {
  constructor(private readonly services: CoreServices) {}

  private get storage(): Storage {
    return this.services.storage;
  }

  private get codeLifetime(): number {
    return this.services.config.passwordless_code_lifetime;
  }

  private get maxAttempts(): number {
    return this.services.config.passwordless_max_code_input_attempts;
  }

  async createCode(
    appId: string,
    tenantId: string,
    target: CreateCodeTarget,
    customUserInputCode: string | undefined,
  ): Promise<CreateCodeResult> {
    for (let attempt = 1; ; attempt++) {
      const userInputCode = customUserInputCode ?? newUserInputCode();
      const timeCreated = this.services.now();
      const codeId = newCodeId();
      try {
        if ("deviceId" in target) {
          // Resend: a new code on the client's existing device.
          const deviceIdBytes = parseDeviceId(target.deviceId);
          if (deviceIdBytes === undefined) return RESTART_FLOW;
          const deviceIdHash = deviceIdHashOf(deviceIdBytes);
          const device = await this.storage.passwordless.getDevice(appId, tenantId, deviceIdHash);
          if (device === undefined) return RESTART_FLOW;
          const linkCode = linkCodeOf(deviceIdBytes, device.linkCodeSalt, userInputCode);
          const created = await this.storage.passwordless.createCode({
            appId,
            tenantId,
            codeId,
            deviceIdHash,
            linkCodeHash: linkCodeHashOf(linkCode),
            createdAt: timeCreated,
          });
          if (!created) return RESTART_FLOW;
          return this.created(deviceIdHash, codeId, target.deviceId, userInputCode, linkCode, timeCreated);
        }
        const device = newDevice();
        const linkCode = linkCodeOf(device.deviceIdBytes, device.linkCodeSalt, userInputCode);
        await this.storage.passwordless.createDevice(
          {
            appId,
            tenantId,
            deviceIdHash: device.deviceIdHash,
            email: "email" in target ? target.email : null,
            phoneNumber: "phoneNumber" in target ? target.phoneNumber : null,
            linkCodeSalt: device.linkCodeSalt,
            failedAttempts: 0,
          },
          {
            appId,
            tenantId,
            codeId,
            deviceIdHash: device.deviceIdHash,
            linkCodeHash: linkCodeHashOf(linkCode),
            createdAt: timeCreated,
          },
        );
        return this.created(
          device.deviceIdHash,
          codeId,
          device.deviceId,
          userInputCode,
          linkCode,
          timeCreated,
        );
      } catch (error) {
        if (!(error instanceof DuplicateKeyError) || error.key !== "link_code_hash") throw error;
        // The same userInputCode on the same device makes the same link code.
        if (customUserInputCode !== undefined) return { status: "USER_INPUT_CODE_ALREADY_USED_ERROR" };
        if (attempt >= CODE_GENERATION_ATTEMPTS) throw error;
      }
    }
  }

  private created(
    preAuthSessionId: string,
    codeId: string,
    deviceId: string,
    userInputCode: string,
    linkCode: string,
    timeCreated: number,
  ): CreateCodeResult {
    return {
      status: "OK",
      preAuthSessionId,
      codeId,
      deviceId,
      userInputCode,
      linkCode,
      timeCreated,
      codeLifetime: this.codeLifetime,
    };
  }

  async listDevices(
    appId: string,
    tenantId: string,
    by: { email: string } | { phoneNumber: string } | { deviceId: string } | { preAuthSessionId: string },
  ): Promise<DeviceJson[]> {
    const store = this.storage.passwordless;
    let devices: PasswordlessDeviceRecord[];
    if ("email" in by) devices = await store.listDevicesByEmail(appId, tenantId, by.email);
    else if ("phoneNumber" in by)
      devices = await store.listDevicesByPhoneNumber(appId, tenantId, by.phoneNumber);
    else {
      let deviceIdHash: string | undefined;
      if ("preAuthSessionId" in by) deviceIdHash = by.preAuthSessionId;
      else {
        const bytes = parseDeviceId(by.deviceId);
        deviceIdHash = bytes === undefined ? undefined : deviceIdHashOf(bytes);
      }
      const device =
        deviceIdHash === undefined ? undefined : await store.getDevice(appId, tenantId, deviceIdHash);
      devices = device === undefined ? [] : [device];
    }
    const codes = await store.listCodes(
      appId,
      tenantId,
      devices.map((device) => device.deviceIdHash),
    );
    return devices.map((device) => ({
      ...consumedDeviceJson(device),
      codes: codes
        .filter((code) => code.deviceIdHash === device.deviceIdHash)
        .map((code) => ({
          codeId: code.codeId,
          timeCreated: code.createdAt,
          codeLifetime: this.codeLifetime,
        })),
    }));
  }

  /**
   * Finds the device a proof opens, counting a wrong or expired input code against the
   * device. Runs inside the caller's transaction.
   */
  private async verifyProof(
    tx: Storage,
    appId: string,
    tenantId: string,
    proof: CodeProof,
  ): Promise<VerifiedProof | CodeRejection> {
    const store = tx.passwordless;
    const now = this.services.now();
    const oldestValid = now - this.codeLifetime;

    if ("linkCode" in proof) {
      // A link is all-or-nothing: a wrong or expired link restarts the flow (docs/protocol/cdi.md §3).
      const code = await store.getCodeByLinkCodeHash(appId, tenantId, linkCodeHashOf(proof.linkCode));
      if (code === undefined || code.createdAt < oldestValid) return RESTART_FLOW;
      if (code.deviceIdHash !== proof.preAuthSessionId) return RESTART_FLOW;
      const found = await store.getDeviceWithCodes(appId, tenantId, code.deviceIdHash);
      return found === undefined ? RESTART_FLOW : { device: found.device, user: found.user };
    }

    const deviceIdBytes = parseDeviceId(proof.deviceId);
    if (deviceIdBytes === undefined)
      throw new BadRequestError(
        "Field name 'deviceId' is invalid in JSON input: expected the deviceId createCode returned",
      );
    const deviceIdHash = deviceIdHashOf(deviceIdBytes);
    if (deviceIdHash !== proof.preAuthSessionId)
      throw new BadRequestError("preAuthSessionId and deviceId doesn't match");

    const found = await store.getDeviceWithCodes(appId, tenantId, deviceIdHash);
    if (found === undefined) return RESTART_FLOW;
    const { device, codes, user } = found;
    if (device.failedAttempts >= this.maxAttempts) {
      // Possible only when the configured maximum was lowered after the device was created.
      await store.deleteDevice(appId, tenantId, deviceIdHash);
      return RESTART_FLOW;
    }

    const expectedHash = linkCodeHashOf(linkCodeOf(deviceIdBytes, device.linkCodeSalt, proof.userInputCode));
    let match: (typeof codes)[number] | undefined;
    // Every stored hash is compared, in constant time, whatever matched before.
    for (const code of codes) if (sameHash(code.linkCodeHash, expectedHash)) match = code;
    if (match !== undefined && match.createdAt >= oldestValid) return { device, user };

    // One atomic increment per wrong guess. The guess that reaches the maximum deletes the
    // device and answers RESTART_FLOW_ERROR (docs/protocol/cdi.md §5, and what the official SDK and
    // prebuilt UI expect: they start over instead of offering another try).
    const failed = await store.incrementFailedAttempts(appId, tenantId, deviceIdHash);
    if (failed === undefined) return RESTART_FLOW;
    if (failed >= this.maxAttempts) {
      await store.deleteDevice(appId, tenantId, deviceIdHash);
      return RESTART_FLOW;
    }
    return {
      status: match === undefined ? "INCORRECT_USER_INPUT_CODE_ERROR" : "EXPIRED_USER_INPUT_CODE_ERROR",
      failedCodeInputAttemptCount: failed,
      maximumCodeInputAttempts: this.maxAttempts,
    };
  }

  /** `/code/check`: verifies without consuming (wrong guesses still count). */
  async checkCode(appId: string, tenantId: string, proof: CodeProof): Promise<CheckCodeResult> {
    return this.storage.transaction(async (tx) => {
      const verified = await this.verifyProof(tx, appId, tenantId, proof);
      if (!("device" in verified)) return verified;
      return { status: "OK" as const, consumedDevice: consumedDeviceJson(verified.device) };
    });
  }

  /** `/code/consume`: verifies, deletes the devices of the email/phone, signs the user in or up. */
  async consumeCode(appId: string, tenantId: string, proof: CodeProof): Promise<ConsumeCodeResult> {
    try {
      return await this.consumeOnce(appId, tenantId, proof);
    } catch (error) {
      // Another request created this email's/phone's user between our read and our insert:
      // everything was rolled back; the retry signs in to that user.
      if (!(error instanceof DuplicateKeyError)) throw error;
      return this.consumeOnce(appId, tenantId, proof);
    }
  }

  private async consumeOnce(appId: string, tenantId: string, proof: CodeProof): Promise<ConsumeCodeResult> {
    // The proof is checked outside any transaction: a wrong guess is one atomic increment, and
    // the consume itself is decided by the delete of the device below (of two racing
    // consumes, only one deletes it).
    const verified = await this.verifyProof(this.storage, appId, tenantId, proof);
    if (!("device" in verified)) return verified;
    const { device, user: existing } = verified;

    // `existing` was read before the delete: a user created since then by a racing sign-up
    // makes our insert break the UNIQUE email/phone key, and the retry signs in to that user.
    if (existing === undefined) {
      const recipeUser = {
        userId: randomUUID(),
        email: device.email,
        phoneNumber: device.phoneNumber,
        timeJoined: this.services.now(),
      };
      // The code reached this inbox: the email is verified (docs/protocol/cdi.md §3).
      if (!(await this.storage.passwordless.consumeDeviceForNewUser(device, recipeUser))) return RESTART_FLOW;
      // Built from what was just written, not read back: a new user is unlinked, in this
      // tenant only, and verified (its email by this code, or phone-only).
      const user = userJson({
        id: recipeUser.userId,
        isPrimaryUser: false,
        timeJoined: recipeUser.timeJoined,
        loginMethods: [
          {
            recipeId: "passwordless",
            recipeUserId: recipeUser.userId,
            timeJoined: recipeUser.timeJoined,
            tenantIds: [tenantId],
            ...(recipeUser.email !== null && { email: recipeUser.email }),
            ...(recipeUser.phoneNumber !== null && { phoneNumber: recipeUser.phoneNumber }),
            verified: true,
          },
        ],
      });
      return {
        status: "OK" as const,
        createdNewUser: true,
        user,
        recipeUserId: recipeUser.userId,
        consumedDevice: consumedDeviceJson(device),
      };
    }

    return this.storage.transaction(async (tx) => {
      const store = tx.passwordless;
      const deleted =
        device.email !== null
          ? await store.deleteDevicesByEmail(appId, tenantId, device.email)
          : device.phoneNumber !== null
            ? await store.deleteDevicesByPhoneNumber(appId, tenantId, device.phoneNumber)
            : [];
      if (!deleted.includes(device.deviceIdHash)) return RESTART_FLOW;
      if (device.email !== null) await tx.verifiedEmails.markVerified(appId, existing.userId, device.email);

      const primaryId = (await tx.users.primaryUserIdOf(appId, existing.userId)) ?? existing.userId;
      const [user] = await tx.users.getUsers(appId, [primaryId]);
      if (user === undefined) throw new Error("The passwordless user vanished inside its own transaction");
      return {
        status: "OK" as const,
        createdNewUser: false,
        user: userJson(user),
        recipeUserId: existing.userId,
        consumedDevice: consumedDeviceJson(device),
      };
    });
  }

  async removeCode(
    appId: string,
    tenantId: string,
    by: { codeId: string } | { preAuthSessionId: string },
  ): Promise<void> {
    if ("codeId" in by) await this.storage.passwordless.deleteCode(appId, tenantId, by.codeId);
    else await this.storage.passwordless.deleteDevice(appId, tenantId, by.preAuthSessionId);
  }

  async removeCodesOf(
    appId: string,
    tenantId: string,
    by: { email: string } | { phoneNumber: string },
  ): Promise<void> {
    if ("email" in by) await this.storage.passwordless.deleteDevicesByEmail(appId, tenantId, by.email);
    else await this.storage.passwordless.deleteDevicesByPhoneNumber(appId, tenantId, by.phoneNumber);
  }

  /**
   * PUT /recipe/user (rid passwordless): `undefined` keeps a field, `null` clears it. A user
   * must keep an email or a phone number.
   */
  async updateUser(
    appId: string,
    recipeUserId: string,
    changes: { email?: string | null; phoneNumber?: string | null },
  ): Promise<UpdateUserResult> {
    try {
      return await this.storage.transaction(async (tx) => {
        const user = await tx.passwordless.getUser(appId, recipeUserId);
        if (user === undefined) return { status: "UNKNOWN_USER_ID_ERROR" as const };
        const email = changes.email === undefined ? user.email : changes.email;
        const phoneNumber = changes.phoneNumber === undefined ? user.phoneNumber : changes.phoneNumber;
        if (email === null && phoneNumber === null)
          throw new BadRequestError("You cannot clear both email and phone number of a user");
        if (email === user.email && phoneNumber === user.phoneNumber) return { status: "OK" as const };
        await tx.passwordless.updateUser(appId, recipeUserId, { email, phoneNumber });
        return { status: "OK" as const };
      });
    } catch (error) {
      if (error instanceof DuplicateKeyError && error.key === "email")
        return { status: "EMAIL_ALREADY_EXISTS_ERROR" };
      if (error instanceof DuplicateKeyError && error.key === "phone_number")
        return { status: "PHONE_NUMBER_ALREADY_EXISTS_ERROR" };
      throw error;
    }
  }
}
