/** `@portcullis/node/recipe/passwordless/smsdelivery` (docs/protocol/sdk-surface.md §1.8): `TwilioService`. */
import { TwilioSmsService, type TwilioServiceInput } from "../../../delivery/sms/twilio";
import { getPasswordlessLoginSmsContent } from "../login-message";
import type { TypePasswordlessSmsDeliveryInput } from "../types";

export type {
  TwilioServiceConfig,
  TwilioOptions,
  TwilioServiceInterface as ServiceInterface,
  GetContentResult,
  TypeInputSendRawSms,
} from "../../../delivery/sms/twilio";

/** Sends the sign-in SMS through Twilio's REST API; `override` may replace `getContent` and/or `sendRawSms`. */
export class TwilioService extends TwilioSmsService<TypePasswordlessSmsDeliveryInput> {
  constructor(config: TwilioServiceInput<TypePasswordlessSmsDeliveryInput>) {
    super(config, getPasswordlessLoginSmsContent);
  }
}

/**
 * Kept so imports written for supertokens-node resolve; Portcullis never sends through
 * SuperTokens' hosted SMS service, so constructing it says what to use instead.
 */
export class SupertokensService {
  constructor(_apiKey?: string) {
    throw new Error(
      "SupertokensService (SuperTokens' hosted SMS) is not available in Portcullis: use new TwilioService({ twilioSettings }) or your own smsDelivery.service { sendSms }",
    );
  }
}

export default { TwilioService, SupertokensService };
