/** Passwordless types (docs/protocol/sdk-surface.md §1.7); names and shapes as supertokens-node's. */
import type {
  EmailDeliveryIngredient,
  EmailDeliveryTypeInput,
  SmsDeliveryIngredient,
  SmsDeliveryTypeInput,
} from "../../delivery/types";
import type { SdkRequest, SdkResponse } from "../../framework/types";
import type OverrideableBuilder from "../../override";
import type RecipeUserId from "../../recipe-user-id";
import type { NormalisedAppInfo } from "../../types";
import type { User } from "../../user";
import type { UserContext } from "../../user-context";
import type { SessionContainerInterface } from "../session/types";
import type { CONTACT_METHODS, FLOW_TYPES } from "./constants";

export type { UserContext };
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export type FlowType = (typeof FLOW_TYPES)[number];
export type GeneralErrorResponse = { status: "GENERAL_ERROR"; message: string };

type Validator = (value: string, tenantId: string) => Promise<string | undefined> | string | undefined;

export type TypeInput = (
  | { contactMethod: "PHONE"; validatePhoneNumber?: Validator }
  | { contactMethod: "EMAIL"; validateEmailAddress?: Validator }
  | { contactMethod: "EMAIL_OR_PHONE"; validateEmailAddress?: Validator; validatePhoneNumber?: Validator }
) & {
  flowType: FlowType;
  emailDelivery?: EmailDeliveryTypeInput<TypePasswordlessEmailDeliveryInput>;
  smsDelivery?: SmsDeliveryTypeInput<TypePasswordlessSmsDeliveryInput>;
  getCustomUserInputCode?: (tenantId: string, userContext: UserContext) => Promise<string> | string;
  override?: { functions?: FunctionsOverride; apis?: APIsOverride };
};

export type FunctionsOverride = (
  originalImplementation: RecipeInterface,
  builder: OverrideableBuilder<RecipeInterface>,
) => RecipeInterface;
export type APIsOverride = (
  originalImplementation: APIInterface,
  builder: OverrideableBuilder<APIInterface>,
) => APIInterface;

export interface TypeNormalisedInput {
  contactMethod: ContactMethod;
  flowType: FlowType;
  /** Present when the contact method allows email. */
  validateEmailAddress: Validator;
  /** Present when the contact method allows phone numbers. */
  validatePhoneNumber: Validator;
  getCustomUserInputCode?: (tenantId: string, userContext: UserContext) => Promise<string> | string;
  override: { functions?: FunctionsOverride; apis?: APIsOverride };
}

export type TypePasswordlessEmailDeliveryInput = {
  type: "PASSWORDLESS_LOGIN";
  isFirstFactor: boolean;
  email: string;
  userInputCode?: string;
  urlWithLinkCode?: string;
  codeLifetime: number;
  preAuthSessionId: string;
  tenantId: string;
};

export type TypePasswordlessSmsDeliveryInput = {
  type: "PASSWORDLESS_LOGIN";
  isFirstFactor: boolean;
  phoneNumber: string;
  userInputCode?: string;
  urlWithLinkCode?: string;
  codeLifetime: number;
  preAuthSessionId: string;
  tenantId: string;
};

export type DeviceType = {
  preAuthSessionId: string;
  failedCodeInputAttemptCount: number;
  email?: string;
  phoneNumber?: string;
  codes: { codeId: string; timeCreated: string; codeLifetime: number }[];
};

export type ConsumedDevice = {
  preAuthSessionId: string;
  failedCodeInputAttemptCount: number;
  email?: string;
  phoneNumber?: string;
};

export type CreateCodeOK = {
  status: "OK";
  preAuthSessionId: string;
  codeId: string;
  deviceId: string;
  userInputCode: string;
  linkCode: string;
  codeLifetime: number;
  timeCreated: number;
};

export type CodeInput =
  | { userInputCode: string; deviceId: string; preAuthSessionId: string }
  | { linkCode: string; preAuthSessionId: string };

export type WrongCodeResponse = {
  status: "INCORRECT_USER_INPUT_CODE_ERROR" | "EXPIRED_USER_INPUT_CODE_ERROR";
  failedCodeInputAttemptCount: number;
  maximumCodeInputAttempts: number;
};

export type ContactInput = { email: string } | { phoneNumber: string };

export type RecipeInterface = {
  createCode(
    input: ContactInput & {
      userInputCode?: string;
      session: SessionContainerInterface | undefined;
      shouldTryLinkingWithSessionUser: boolean | undefined;
      tenantId: string;
      userContext: UserContext;
    },
  ): Promise<CreateCodeOK>;
  createNewCodeForDevice(input: {
    deviceId: string;
    userInputCode?: string;
    tenantId: string;
    userContext: UserContext;
  }): Promise<CreateCodeOK | { status: "RESTART_FLOW_ERROR" | "USER_INPUT_CODE_ALREADY_USED_ERROR" }>;
  consumeCode(
    input: CodeInput & {
      session: SessionContainerInterface | undefined;
      shouldTryLinkingWithSessionUser: boolean | undefined;
      tenantId: string;
      userContext: UserContext;
    },
  ): Promise<
    | {
        status: "OK";
        consumedDevice: ConsumedDevice;
        createdNewRecipeUser: boolean;
        user: User;
        recipeUserId: RecipeUserId;
      }
    | WrongCodeResponse
    | { status: "RESTART_FLOW_ERROR" }
    | {
        status: "LINKING_TO_SESSION_USER_FAILED";
        reason:
          | "EMAIL_VERIFICATION_REQUIRED"
          | "RECIPE_USER_ID_ALREADY_LINKED_WITH_ANOTHER_PRIMARY_USER_ID_ERROR"
          | "ACCOUNT_INFO_ALREADY_ASSOCIATED_WITH_ANOTHER_PRIMARY_USER_ID_ERROR"
          | "SESSION_USER_ACCOUNT_INFO_ALREADY_ASSOCIATED_WITH_ANOTHER_PRIMARY_USER_ID_ERROR";
      }
  >;
  checkCode(
    input: CodeInput & { tenantId: string; userContext: UserContext },
  ): Promise<
    { status: "OK"; consumedDevice: ConsumedDevice } | WrongCodeResponse | { status: "RESTART_FLOW_ERROR" }
  >;
  updateUser(input: {
    recipeUserId: RecipeUserId;
    email?: string | null;
    phoneNumber?: string | null;
    userContext: UserContext;
  }): Promise<
    | {
        status:
          "OK" | "UNKNOWN_USER_ID_ERROR" | "EMAIL_ALREADY_EXISTS_ERROR" | "PHONE_NUMBER_ALREADY_EXISTS_ERROR";
      }
    | { status: "EMAIL_CHANGE_NOT_ALLOWED_ERROR" | "PHONE_NUMBER_CHANGE_NOT_ALLOWED_ERROR"; reason: string }
  >;
  revokeAllCodes(
    input: ContactInput & { tenantId: string; userContext: UserContext },
  ): Promise<{ status: "OK" }>;
  revokeCode(
    input: ({ codeId: string } | { preAuthSessionId: string }) & {
      tenantId: string;
      userContext: UserContext;
    },
  ): Promise<{ status: "OK" }>;
  listCodesByEmail(input: {
    email: string;
    tenantId: string;
    userContext: UserContext;
  }): Promise<DeviceType[]>;
  listCodesByPhoneNumber(input: {
    phoneNumber: string;
    tenantId: string;
    userContext: UserContext;
  }): Promise<DeviceType[]>;
  listCodesByDeviceId(input: {
    deviceId: string;
    tenantId: string;
    userContext: UserContext;
  }): Promise<DeviceType | undefined>;
  listCodesByPreAuthSessionId(input: {
    preAuthSessionId: string;
    tenantId: string;
    userContext: UserContext;
  }): Promise<DeviceType | undefined>;
};

export type APIOptions = {
  recipeImplementation: RecipeInterface;
  appInfo: NormalisedAppInfo;
  config: TypeNormalisedInput;
  recipeId: string;
  isInServerlessEnv: boolean;
  req: SdkRequest;
  res: SdkResponse;
  emailDelivery: EmailDeliveryIngredient<TypePasswordlessEmailDeliveryInput>;
  smsDelivery: SmsDeliveryIngredient<TypePasswordlessSmsDeliveryInput>;
};

type APIContext = {
  tenantId: string;
  session: SessionContainerInterface | undefined;
  shouldTryLinkingWithSessionUser: boolean | undefined;
  options: APIOptions;
  userContext: UserContext;
};

export type APIInterface = {
  createCodePOST?: (
    input: ContactInput & APIContext,
  ) => Promise<
    | { status: "OK"; deviceId: string; preAuthSessionId: string; flowType: FlowType }
    | { status: "SIGN_IN_UP_NOT_ALLOWED"; reason: string }
    | GeneralErrorResponse
  >;
  resendCodePOST?: (
    input: { deviceId: string; preAuthSessionId: string } & APIContext,
  ) => Promise<GeneralErrorResponse | { status: "RESTART_FLOW_ERROR" | "OK" }>;
  consumeCodePOST?: (
    input: CodeInput & APIContext,
  ) => Promise<
    | { status: "OK"; createdNewRecipeUser: boolean; user: User; session: SessionContainerInterface }
    | WrongCodeResponse
    | { status: "RESTART_FLOW_ERROR" }
    | { status: "SIGN_IN_UP_NOT_ALLOWED"; reason: string }
    | GeneralErrorResponse
  >;
  emailExistsGET?: (input: {
    email: string;
    tenantId: string;
    options: APIOptions;
    userContext: UserContext;
  }) => Promise<{ status: "OK"; exists: boolean } | GeneralErrorResponse>;
  phoneNumberExistsGET?: (input: {
    phoneNumber: string;
    tenantId: string;
    options: APIOptions;
    userContext: UserContext;
  }) => Promise<{ status: "OK"; exists: boolean } | GeneralErrorResponse>;
};
