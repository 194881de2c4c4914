/**
 * `@portcullis/node/recipe/passwordless` (docs/protocol/sdk-surface.md §1.7): named exports and a `default` with
 * the same members. Every function takes one object with `tenantId` and an optional
 * `userContext`, as supertokens-node's.
 */
import type RecipeUserId from "../../recipe-user-id";
import type { User } from "../../user";
import { getRequestFromUserContext, getUserContext } from "../../user-context";
import type { SessionContainerInterface } from "../session/types";
import { contactOf } from "./contact";
import PasswordlessError from "./error";
import { buildMagicLink } from "./magic-link";
import PasswordlessRecipe from "./recipe";
import { codeOf } from "./recipe-implementation";
import type {
  APIInterface,
  APIOptions,
  CodeInput,
  ContactInput,
  DeviceType,
  RecipeInterface,
  TypeInput,
  TypePasswordlessEmailDeliveryInput,
  TypePasswordlessSmsDeliveryInput,
} from "./types";

type Common = { tenantId: string; userContext?: Record<string, any> };

function recipe(): PasswordlessRecipe {
  return PasswordlessRecipe.getInstanceOrThrowError();
}

function functions(): RecipeInterface {
  return recipe().recipeInterfaceImpl;
}

export const init = (config: TypeInput) => PasswordlessRecipe.init(config);
export { PasswordlessError as Error };

export function createCode(
  input: ContactInput & Common & { userInputCode?: string; session?: SessionContainerInterface },
) {
  return functions().createCode({
    ...contactOf(input),
    userInputCode: input.userInputCode,
    session: input.session,
    shouldTryLinkingWithSessionUser: input.session !== undefined,
    tenantId: input.tenantId,
    userContext: getUserContext(input.userContext),
  });
}

export function createNewCodeForDevice(input: Common & { deviceId: string; userInputCode?: string }) {
  return functions().createNewCodeForDevice({
    deviceId: input.deviceId,
    userInputCode: input.userInputCode,
    tenantId: input.tenantId,
    userContext: getUserContext(input.userContext),
  });
}

/** Checks the code, creates the user if needed and marks the email verified (docs/protocol/cdi.md §3). */
export function consumeCode(input: CodeInput & Common & { session?: SessionContainerInterface }) {
  return functions().consumeCode({
    ...codeOf(input),
    session: input.session,
    shouldTryLinkingWithSessionUser: input.session !== undefined,
    tenantId: input.tenantId,
    userContext: getUserContext(input.userContext),
  });
}

/** Checks the code only: no user is created and the code stays usable (unless the flow restarts). */
export function checkCode(input: CodeInput & Common) {
  return functions().checkCode({
    ...codeOf(input),
    tenantId: input.tenantId,
    userContext: getUserContext(input.userContext),
  });
}

export function updateUser(input: {
  recipeUserId: RecipeUserId;
  email?: string | null;
  phoneNumber?: string | null;
  userContext?: Record<string, any>;
}) {
  return functions().updateUser({
    recipeUserId: input.recipeUserId,
    email: input.email,
    phoneNumber: input.phoneNumber,
    userContext: getUserContext(input.userContext),
  });
}

export function revokeAllCodes(input: ContactInput & Common) {
  return functions().revokeAllCodes({
    ...contactOf(input),
    tenantId: input.tenantId,
    userContext: getUserContext(input.userContext),
  });
}

export function revokeCode(input: ({ codeId: string } | { preAuthSessionId: string }) & Common) {
  const which =
    "codeId" in input && input.codeId !== undefined
      ? { codeId: input.codeId }
      : { preAuthSessionId: (input as { preAuthSessionId: string }).preAuthSessionId };
  return functions().revokeCode({
    ...which,
    tenantId: input.tenantId,
    userContext: getUserContext(input.userContext),
  });
}

export function listCodesByEmail(input: Common & { email: string }): Promise<DeviceType[]> {
  return functions().listCodesByEmail({
    email: input.email,
    tenantId: input.tenantId,
    userContext: getUserContext(input.userContext),
  });
}

export function listCodesByPhoneNumber(input: Common & { phoneNumber: string }): Promise<DeviceType[]> {
  return functions().listCodesByPhoneNumber({
    phoneNumber: input.phoneNumber,
    tenantId: input.tenantId,
    userContext: getUserContext(input.userContext),
  });
}

export function listCodesByDeviceId(input: Common & { deviceId: string }): Promise<DeviceType | undefined> {
  return functions().listCodesByDeviceId({
    deviceId: input.deviceId,
    tenantId: input.tenantId,
    userContext: getUserContext(input.userContext),
  });
}

export function listCodesByPreAuthSessionId(
  input: Common & { preAuthSessionId: string },
): Promise<DeviceType | undefined> {
  return functions().listCodesByPreAuthSessionId({
    preAuthSessionId: input.preAuthSessionId,
    tenantId: input.tenantId,
    userContext: getUserContext(input.userContext),
  });
}

/** A new code for this contact, as a magic link (docs/protocol/fdi.md §6 "Magic link format"). */
export async function createMagicLink(input: ContactInput & Common): Promise<string> {
  const userContext = getUserContext(input.userContext);
  const passwordless = recipe();
  const generate = passwordless.config.getCustomUserInputCode;
  const code = await passwordless.recipeInterfaceImpl.createCode({
    ...contactOf(input),
    userInputCode: generate === undefined ? undefined : await generate(input.tenantId, userContext),
    session: undefined,
    shouldTryLinkingWithSessionUser: false,
    tenantId: input.tenantId,
    userContext,
  });
  return buildMagicLink({
    appInfo: passwordless.appInfo,
    preAuthSessionId: code.preAuthSessionId,
    linkCode: code.linkCode,
    tenantId: input.tenantId,
    request: getRequestFromUserContext(userContext),
    userContext,
  });
}

/** Signs the contact in (or up) without any code exchange: createCode then consumeCode. */
export async function signInUp(
  input: ContactInput & Common & { session?: SessionContainerInterface },
): Promise<{ status: "OK"; createdNewRecipeUser: boolean; recipeUserId: RecipeUserId; user: User }> {
  const userContext = getUserContext(input.userContext);
  const impl = functions();
  const linking = input.session !== undefined;
  const code = await impl.createCode({
    ...contactOf(input),
    session: input.session,
    shouldTryLinkingWithSessionUser: linking,
    tenantId: input.tenantId,
    userContext,
  });
  const consumed = await impl.consumeCode({
    preAuthSessionId: code.preAuthSessionId,
    linkCode: code.linkCode,
    session: input.session,
    shouldTryLinkingWithSessionUser: linking,
    tenantId: input.tenantId,
    userContext,
  });
  if (consumed.status !== "OK") {
    throw new Error(`Passwordless.signInUp: consuming the fresh code failed with ${consumed.status}`);
  }
  return {
    status: "OK",
    createdNewRecipeUser: consumed.createdNewRecipeUser,
    recipeUserId: consumed.recipeUserId,
    user: consumed.user,
  };
}

export async function sendEmail(
  input: TypePasswordlessEmailDeliveryInput & { userContext?: Record<string, any> },
): Promise<void> {
  await recipe().emailDelivery.ingredientInterfaceImpl.sendEmail({
    ...input,
    userContext: getUserContext(input.userContext),
  });
}

export async function sendSms(
  input: TypePasswordlessSmsDeliveryInput & { userContext?: Record<string, any> },
): Promise<void> {
  await recipe().smsDelivery.ingredientInterfaceImpl.sendSms({
    ...input,
    userContext: getUserContext(input.userContext),
  });
}

export type { RecipeInterface, APIInterface, APIOptions, DeviceType };
export type {
  TypeInput as PasswordlessConfig,
  TypePasswordlessEmailDeliveryInput,
  TypePasswordlessSmsDeliveryInput,
} from "./types";

export default {
  init,
  Error: PasswordlessError,
  createCode,
  createNewCodeForDevice,
  consumeCode,
  checkCode,
  updateUser,
  revokeAllCodes,
  revokeCode,
  listCodesByEmail,
  listCodesByPhoneNumber,
  listCodesByDeviceId,
  listCodesByPreAuthSessionId,
  createMagicLink,
  signInUp,
  sendEmail,
  sendSms,
};
