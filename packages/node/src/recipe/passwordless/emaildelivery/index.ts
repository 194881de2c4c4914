/** `@portcullis/node/recipe/passwordless/emaildelivery` (docs/protocol/sdk-surface.md §1.8): `SMTPService`. */
import { SMTPEmailService, type SMTPServiceInput } from "../../../delivery/email/smtp";
import { getPasswordlessLoginEmailContent } from "../login-message";
import type { TypePasswordlessEmailDeliveryInput } from "../types";

export type {
  SMTPServiceConfig,
  SMTPServiceInterface as ServiceInterface,
  GetContentResult,
  TypeInputSendRawEmail,
} from "../../../delivery/email/smtp";

/** Sends the sign-in email over SMTP; `override` may replace `getContent` and/or `sendRawEmail`. */
export class SMTPService extends SMTPEmailService<TypePasswordlessEmailDeliveryInput> {
  constructor(config: SMTPServiceInput<TypePasswordlessEmailDeliveryInput>) {
    super(config, getPasswordlessLoginEmailContent);
  }
}

export default { SMTPService };
