/**
 * The default `functions` (docs/protocol/sdk-surface.md §1.7): each one CDI call (docs/protocol/cdi.md §3 "Passwordless").
 * Our core checks the code, creates the user and marks the email verified in one consume call,
 * so no listing or user lookup happens before it (docs/protocol/cdi.md §4 lists what the official SDK adds).
 */
import { createHash } from "node:crypto";
import { getCoreClient, type CoreClient } from "../../core-client";
import RecipeUserId from "../../recipe-user-id";
import { User, type UserJSON } from "../../user";
import { PASSWORDLESS_RECIPE_ID } from "./constants";
import { contactOf } from "./contact";
import type { CodeInput, ConsumedDevice, DeviceType, RecipeInterface } from "./types";

function core(): CoreClient {
  return getCoreClient(PASSWORDLESS_RECIPE_ID);
}

function tenantPath(tenantId: string, path: string): string {
  return `/${tenantId ?? "public"}${path}`;
}

/** Only the fields of a code (what the core reads), nothing else of `input`. */
export function codeOf(input: CodeInput): CodeInput {
  return "linkCode" in input && input.linkCode !== undefined
    ? { preAuthSessionId: input.preAuthSessionId, linkCode: input.linkCode }
    : {
        preAuthSessionId: input.preAuthSessionId,
        deviceId: (input as { deviceId: string }).deviceId,
        userInputCode: (input as { userInputCode: string }).userInputCode,
      };
}

/**
 * docs/protocol/cdi.md §5 "Passwordless codes": preAuthSessionId = base64url(sha256(deviceId bytes)). A pair
 * that does not match cannot belong to any device: the flow restarts without asking the core
 * (which rejects such a pair as malformed input with a 400).
 */
function isDeviceOfPreAuthSession(input: CodeInput): boolean {
  if (!("deviceId" in input) || typeof input.deviceId !== "string") return true;
  const hash = createHash("sha256").update(Buffer.from(input.deviceId, "base64")).digest("base64url");
  return hash === input.preAuthSessionId.replace(/=+$/, "");
}

const RESTART_FLOW = { status: "RESTART_FLOW_ERROR" } as const;

export function getRecipeImplementation(): RecipeInterface {
  return {
    async createCode(input) {
      return core().post(
        tenantPath(input.tenantId, "/recipe/signinup/code"),
        { ...contactOf(input), userInputCode: input.userInputCode },
        input.userContext,
      );
    },

    async createNewCodeForDevice(input) {
      return core().post(
        tenantPath(input.tenantId, "/recipe/signinup/code"),
        { deviceId: input.deviceId, userInputCode: input.userInputCode },
        input.userContext,
      );
    },

    async consumeCode(input) {
      if (!isDeviceOfPreAuthSession(input)) return RESTART_FLOW;
      const response = await core().post<{
        status: string;
        createdNewUser: boolean;
        user: UserJSON;
        recipeUserId: string;
        consumedDevice: ConsumedDevice;
        failedCodeInputAttemptCount?: number;
        maximumCodeInputAttempts?: number;
      }>(tenantPath(input.tenantId, "/recipe/signinup/code/consume"), codeOf(input), input.userContext);
      if (response.status !== "OK") return response as any;
      return {
        status: "OK",
        consumedDevice: response.consumedDevice,
        createdNewRecipeUser: response.createdNewUser,
        user: new User(response.user),
        recipeUserId: new RecipeUserId(response.recipeUserId),
      };
    },

    async checkCode(input) {
      if (!isDeviceOfPreAuthSession(input)) return RESTART_FLOW;
      return core().post(
        tenantPath(input.tenantId, "/recipe/signinup/code/check"),
        codeOf(input),
        input.userContext,
      );
    },

    async updateUser(input) {
      return core().put(
        "/recipe/user",
        {
          recipeUserId: input.recipeUserId.getAsString(),
          email: input.email,
          phoneNumber: input.phoneNumber,
        },
        undefined,
        input.userContext,
      );
    },

    async revokeAllCodes(input) {
      await core().post(
        tenantPath(input.tenantId, "/recipe/signinup/codes/remove"),
        contactOf(input),
        input.userContext,
      );
      return { status: "OK" };
    },

    async revokeCode(input) {
      const which =
        "codeId" in input && input.codeId !== undefined
          ? { codeId: input.codeId }
          : { preAuthSessionId: (input as { preAuthSessionId: string }).preAuthSessionId };
      await core().post(tenantPath(input.tenantId, "/recipe/signinup/code/remove"), which, input.userContext);
      return { status: "OK" };
    },

    async listCodesByEmail(input) {
      return listDevices(input.tenantId, { email: input.email }, input.userContext);
    },

    async listCodesByPhoneNumber(input) {
      return listDevices(input.tenantId, { phoneNumber: input.phoneNumber }, input.userContext);
    },

    async listCodesByDeviceId(input) {
      const devices = await listDevices(input.tenantId, { deviceId: input.deviceId }, input.userContext);
      return devices[0];
    },

    async listCodesByPreAuthSessionId(input) {
      const devices = await listDevices(
        input.tenantId,
        { preAuthSessionId: input.preAuthSessionId },
        input.userContext,
      );
      return devices[0];
    },
  };
}

async function listDevices(
  tenantId: string,
  query: Record<string, string>,
  userContext: Record<string, any>,
): Promise<DeviceType[]> {
  const response = await core().get<{ devices: DeviceType[] }>(
    tenantPath(tenantId, "/recipe/signinup/codes"),
    query,
    userContext,
  );
  return response.devices;
}
