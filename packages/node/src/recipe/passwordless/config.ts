/** `Passwordless.init(config)` validated and completed once, with defaults (STYLE.md). */
import { configError } from "../../normalise/config-error";
import { CONTACT_METHODS, FLOW_TYPES } from "./constants";
import { defaultValidateEmailAddress, defaultValidatePhoneNumber } from "./contact";
import type { TypeInput, TypeNormalisedInput } from "./types";

const WHERE = "Passwordless.init";

export function normalisePasswordlessConfig(input: TypeInput | undefined): TypeNormalisedInput {
  if (input === null || typeof input !== "object") {
    throw configError(
      `${WHERE} needs a config like { contactMethod: "EMAIL_OR_PHONE", flowType: "USER_INPUT_CODE_AND_MAGIC_LINK" }`,
    );
  }
  const { contactMethod, flowType } = input as { contactMethod: unknown; flowType: unknown };
  if (!CONTACT_METHODS.includes(contactMethod as never)) {
    throw configError(
      `${WHERE}: contactMethod must be one of ${CONTACT_METHODS.map((m) => `"${m}"`).join(", ")} (got ${JSON.stringify(contactMethod)})`,
    );
  }
  if (!FLOW_TYPES.includes(flowType as never)) {
    throw configError(
      `${WHERE}: flowType must be one of ${FLOW_TYPES.map((f) => `"${f}"`).join(", ")} (got ${JSON.stringify(flowType)})`,
    );
  }
  const raw = input as Record<string, unknown>;
  for (const key of ["validateEmailAddress", "validatePhoneNumber", "getCustomUserInputCode"]) {
    if (raw[key] !== undefined && typeof raw[key] !== "function") {
      throw configError(`${WHERE}: ${key} must be a function (got ${typeof raw[key]})`);
    }
  }
  const override = raw.override as Record<string, unknown> | undefined;
  if (override !== undefined) {
    if (override === null || typeof override !== "object") {
      throw configError(`${WHERE}: override must be an object like { functions?, apis? }`);
    }
    for (const key of ["functions", "apis"]) {
      if (override[key] !== undefined && typeof override[key] !== "function") {
        throw configError(
          `${WHERE}: override.${key} must be a function (originalImplementation) => ({ ...originalImplementation })`,
        );
      }
    }
  }
  return {
    contactMethod: contactMethod as TypeNormalisedInput["contactMethod"],
    flowType: flowType as TypeNormalisedInput["flowType"],
    validateEmailAddress:
      (raw.validateEmailAddress as TypeNormalisedInput["validateEmailAddress"]) ??
      defaultValidateEmailAddress,
    validatePhoneNumber:
      (raw.validatePhoneNumber as TypeNormalisedInput["validatePhoneNumber"]) ?? defaultValidatePhoneNumber,
    getCustomUserInputCode: raw.getCustomUserInputCode as TypeNormalisedInput["getCustomUserInputCode"],
    override: { functions: input.override?.functions, apis: input.override?.apis },
  };
}

export function allowsEmail(config: TypeNormalisedInput): boolean {
  return config.contactMethod !== "PHONE";
}

export function allowsPhone(config: TypeNormalisedInput): boolean {
  return config.contactMethod !== "EMAIL";
}

export function sendsUserInputCode(config: TypeNormalisedInput): boolean {
  return config.flowType !== "MAGIC_LINK";
}

export function sendsMagicLink(config: TypeNormalisedInput): boolean {
  return config.flowType !== "USER_INPUT_CODE";
}
