/**
 * The delivery "ingredients" every recipe that sends email or SMS shares (docs/protocol/sdk-surface.md §1.8):
 * `emailDelivery: {service?, override?}` and `smsDelivery: {service?, override?}`, where a
 * service is anything with `sendEmail` / `sendSms` and `override` follows the recipe override
 * pattern (docs/protocol/sdk-surface.md §1.5).
 */
import type OverrideableBuilder from "../override";
import type { UserContext } from "../user-context";

export interface EmailDeliveryInterface<T> {
  sendEmail(input: T & { tenantId: string; userContext: UserContext }): Promise<void>;
}

export interface SmsDeliveryInterface<T> {
  sendSms(input: T & { tenantId: string; userContext: UserContext }): Promise<void>;
}

export interface EmailDeliveryTypeInput<T> {
  service?: EmailDeliveryInterface<T>;
  override?: (
    originalImplementation: EmailDeliveryInterface<T>,
    builder: OverrideableBuilder<EmailDeliveryInterface<T>>,
  ) => EmailDeliveryInterface<T>;
}

export interface SmsDeliveryTypeInput<T> {
  service?: SmsDeliveryInterface<T>;
  override?: (
    originalImplementation: SmsDeliveryInterface<T>,
    builder: OverrideableBuilder<SmsDeliveryInterface<T>>,
  ) => SmsDeliveryInterface<T>;
}

/** What `options.emailDelivery` is in API overrides (the official field name kept). */
export interface EmailDeliveryIngredient<T> {
  ingredientInterfaceImpl: EmailDeliveryInterface<T>;
}

export interface SmsDeliveryIngredient<T> {
  ingredientInterfaceImpl: SmsDeliveryInterface<T>;
}
