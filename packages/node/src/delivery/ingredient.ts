import { configError } from "../normalise/config-error";
import OverrideableBuilder from "../override";
import type {
  EmailDeliveryIngredient,
  EmailDeliveryInterface,
  EmailDeliveryTypeInput,
  SmsDeliveryIngredient,
  SmsDeliveryInterface,
  SmsDeliveryTypeInput,
} from "./types";

/**
 * Validates `emailDelivery` at init and builds the final sender: the user's service (or the
 * recipe's default) with the user's override on top.
 */
export function buildEmailDelivery<T>(
  where: string,
  input: EmailDeliveryTypeInput<T> | undefined,
  defaultService: () => EmailDeliveryInterface<T>,
): EmailDeliveryIngredient<T> {
  checkDeliveryInput(where, "emailDelivery", "sendEmail", input);
  const service = input?.service ?? defaultService();
  return {
    ingredientInterfaceImpl: new OverrideableBuilder<EmailDeliveryInterface<T>>({
      sendEmail: (arg) => service.sendEmail(arg),
    })
      .override(input?.override as any)
      .build(),
  };
}

export function buildSmsDelivery<T>(
  where: string,
  input: SmsDeliveryTypeInput<T> | undefined,
  defaultService: () => SmsDeliveryInterface<T>,
): SmsDeliveryIngredient<T> {
  checkDeliveryInput(where, "smsDelivery", "sendSms", input);
  const service = input?.service ?? defaultService();
  return {
    ingredientInterfaceImpl: new OverrideableBuilder<SmsDeliveryInterface<T>>({
      sendSms: (arg) => service.sendSms(arg),
    })
      .override(input?.override as any)
      .build(),
  };
}

function checkDeliveryInput(where: string, key: string, method: string, input: unknown): void {
  if (input === undefined) return;
  if (input === null || typeof input !== "object") {
    throw configError(`${where}: ${key} must be an object like { service, override } (got ${typeof input})`);
  }
  const { service, override } = input as { service?: unknown; override?: unknown };
  if (service !== undefined && typeof (service as Record<string, unknown>)?.[method] !== "function") {
    throw configError(`${where}: ${key}.service must have a ${method}(input) function`);
  }
  if (override !== undefined && typeof override !== "function") {
    throw configError(
      `${where}: ${key}.override must be a function (originalImplementation) => ({ ...originalImplementation, ${method} })`,
    );
  }
}
