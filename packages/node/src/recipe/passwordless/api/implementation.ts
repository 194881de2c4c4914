/**
 * The default `apis` (docs/protocol/sdk-surface.md §1.5, docs/protocol/fdi.md §6). Sign-in is kept to the calls correctness
 * needs: createCode = 1 core call + the email/SMS; consume = 1 core call + session creation.
 * No account linking yet: a session sent with `shouldTryLinkingWithSessionUser: true` is
 * required (docs/protocol/fdi.md §2) but then replaced like on a plain sign-in (README "Passwordless").
 */
import { listUsersByAccountInfo } from "../../../users";
import SessionRecipe from "../../session/recipe";
import { createNewSessionInRequest } from "../../session/session-request-functions";
import { allowsEmail, allowsPhone, sendsMagicLink, sendsUserInputCode } from "../config";
import { MAX_NEW_CODE_ATTEMPTS } from "../constants";
import { contactOf } from "../contact";
import { buildMagicLink } from "../magic-link";
import { codeOf } from "../recipe-implementation";
import type { APIInterface, APIOptions, ContactInput, CreateCodeOK, UserContext } from "../types";

export function getAPIImplementation(): APIInterface {
  return {
    async createCodePOST(input) {
      const { options, tenantId, userContext } = input;
      const contact = contactOf(input);
      const userInputCode = await customUserInputCode(options, tenantId, userContext);
      const code = await options.recipeImplementation.createCode({
        ...contact,
        userInputCode,
        session: input.session,
        shouldTryLinkingWithSessionUser: input.shouldTryLinkingWithSessionUser,
        tenantId,
        userContext,
      });
      await sendCode(options, contact, code, tenantId, userContext);
      return {
        status: "OK",
        deviceId: code.deviceId,
        preAuthSessionId: code.preAuthSessionId,
        flowType: options.config.flowType,
      };
    },

    async resendCodePOST(input) {
      const { options, tenantId, userContext } = input;
      const device = await options.recipeImplementation.listCodesByDeviceId({
        deviceId: input.deviceId,
        tenantId,
        userContext,
      });
      if (device === undefined || device.preAuthSessionId !== input.preAuthSessionId) {
        return { status: "RESTART_FLOW_ERROR" };
      }
      // A device started under a contact method the config no longer allows cannot continue.
      const contact =
        device.email !== undefined
          ? allowsEmail(options.config)
            ? { email: device.email }
            : undefined
          : device.phoneNumber !== undefined && allowsPhone(options.config)
            ? { phoneNumber: device.phoneNumber }
            : undefined;
      if (contact === undefined) return { status: "RESTART_FLOW_ERROR" };

      for (let attempt = 0; attempt < MAX_NEW_CODE_ATTEMPTS; attempt++) {
        const code = await options.recipeImplementation.createNewCodeForDevice({
          deviceId: input.deviceId,
          userInputCode: await customUserInputCode(options, tenantId, userContext),
          tenantId,
          userContext,
        });
        if (code.status === "USER_INPUT_CODE_ALREADY_USED_ERROR") continue;
        if (code.status !== "OK") return { status: "RESTART_FLOW_ERROR" };
        await sendCode(options, contact, code, tenantId, userContext);
        return { status: "OK" };
      }
      return { status: "GENERAL_ERROR", message: "Failed to generate a one time code. Please try again" };
    },

    async consumeCodePOST(input) {
      const { options, tenantId, userContext } = input;
      const result = await options.recipeImplementation.consumeCode({
        ...codeOf(input),
        session: input.session,
        shouldTryLinkingWithSessionUser: input.shouldTryLinkingWithSessionUser,
        tenantId,
        userContext,
      });
      if (result.status === "LINKING_TO_SESSION_USER_FAILED") {
        return { status: "SIGN_IN_UP_NOT_ALLOWED", reason: linkingFailedReason(result.reason) };
      }
      if (result.status !== "OK") return result;
      // The core answered with the primary user, so no user lookup is needed for the session.
      const session = await createNewSessionInRequest(
        SessionRecipe.getInstanceOrThrowError().getRequestFlowDeps(),
        options.req,
        options.res,
        tenantId,
        result.recipeUserId,
        result.user.id,
        {},
        {},
        userContext,
      );
      return { status: "OK", createdNewRecipeUser: result.createdNewRecipeUser, user: result.user, session };
    },

    async emailExistsGET({ email, tenantId, userContext }) {
      const users = await listUsersByAccountInfo(tenantId, { email }, false, userContext);
      const exists = users.some((user) =>
        user.loginMethods.some(
          (method) => method.recipeId === "passwordless" && method.hasSameEmailAs(email),
        ),
      );
      return { status: "OK", exists };
    },

    async phoneNumberExistsGET({ phoneNumber, tenantId, userContext }) {
      const users = await listUsersByAccountInfo(tenantId, { phoneNumber }, false, userContext);
      const exists = users.some((user) =>
        user.loginMethods.some(
          (method) => method.recipeId === "passwordless" && method.hasSamePhoneNumberAs(phoneNumber),
        ),
      );
      return { status: "OK", exists };
    },
  };
}

/** docs/protocol/fdi.md §2 "…_NOT_ALLOWED reasons": node's texts and codes (i18n keys in auth-react). */
function linkingFailedReason(reason: string): string {
  const code =
    reason === "ACCOUNT_INFO_ALREADY_ASSOCIATED_WITH_ANOTHER_PRIMARY_USER_ID_ERROR"
      ? "018"
      : reason === "SESSION_USER_ACCOUNT_INFO_ALREADY_ASSOCIATED_WITH_ANOTHER_PRIMARY_USER_ID_ERROR"
        ? "019"
        : "017";
  return `Cannot sign in / up due to security reasons. Please contact support. (ERR_CODE_${code})`;
}

async function customUserInputCode(
  options: APIOptions,
  tenantId: string,
  userContext: UserContext,
): Promise<string | undefined> {
  const generate = options.config.getCustomUserInputCode;
  return generate === undefined ? undefined : generate(tenantId, userContext);
}

/** The email or SMS for a new code: the typed code and/or the magic link, per `flowType`. */
async function sendCode(
  options: APIOptions,
  contact: ContactInput,
  code: CreateCodeOK,
  tenantId: string,
  userContext: UserContext,
): Promise<void> {
  const { config } = options;
  const delivery = {
    type: "PASSWORDLESS_LOGIN" as const,
    isFirstFactor: true,
    userInputCode: sendsUserInputCode(config) ? code.userInputCode : undefined,
    urlWithLinkCode: sendsMagicLink(config)
      ? buildMagicLink({
          appInfo: options.appInfo,
          preAuthSessionId: code.preAuthSessionId,
          linkCode: code.linkCode,
          tenantId,
          request: options.req,
          userContext,
        })
      : undefined,
    codeLifetime: code.codeLifetime,
    preAuthSessionId: code.preAuthSessionId,
    tenantId,
    userContext,
  };
  if ("email" in contact) {
    await options.emailDelivery.ingredientInterfaceImpl.sendEmail({ ...delivery, email: contact.email });
  } else {
    await options.smsDelivery.ingredientInterfaceImpl.sendSms({
      ...delivery,
      phoneNumber: contact.phoneNumber,
    });
  }
}
