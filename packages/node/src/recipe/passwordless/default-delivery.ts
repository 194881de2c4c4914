/**
 * What sends the code when the user configured no service (docs/protocol/sdk-surface.md §1.8 says supertokens-node
 * falls back to SuperTokens' hosted services; we never call those). In the embedded SQLite
 * quickstart the code is printed to the console; anywhere else sending fails with what to set.
 */
import { isDevelopmentDeliveryAllowed, printDevelopmentMessage } from "../../delivery/console";
import type { EmailDeliveryInterface, SmsDeliveryInterface } from "../../delivery/types";
import { humaniseDuration } from "../../delivery/html";
import type { TypePasswordlessEmailDeliveryInput, TypePasswordlessSmsDeliveryInput } from "./types";

export function defaultEmailService(): EmailDeliveryInterface<TypePasswordlessEmailDeliveryInput> {
  return {
    async sendEmail(input) {
      if (!isDevelopmentDeliveryAllowed()) {
        throw new Error(
          "Passwordless: no email delivery is configured. Set emailDelivery: { service: new SMTPService({ smtpSettings: { host, port, from: { name, email }, password } }) } " +
            "(SMTPService from '@portcullis/node/recipe/passwordless/emaildelivery') or your own { sendEmail } in Passwordless.init",
        );
      }
      printDevelopmentMessage(`sign-in email to ${input.email}`, describeLogin(input));
    },
  };
}

export function defaultSmsService(): SmsDeliveryInterface<TypePasswordlessSmsDeliveryInput> {
  return {
    async sendSms(input) {
      if (!isDevelopmentDeliveryAllowed()) {
        throw new Error(
          "Passwordless: no SMS delivery is configured. Set smsDelivery: { service: new TwilioService({ twilioSettings: { accountSid, authToken, from } }) } " +
            "(TwilioService from '@portcullis/node/recipe/passwordless/smsdelivery') or your own { sendSms } in Passwordless.init",
        );
      }
      printDevelopmentMessage(`sign-in SMS to ${input.phoneNumber}`, describeLogin(input));
    },
  };
}

function describeLogin(input: {
  userInputCode?: string;
  urlWithLinkCode?: string;
  codeLifetime: number;
}): string[] {
  return [
    ...(input.userInputCode !== undefined ? [`code: ${input.userInputCode}`] : []),
    ...(input.urlWithLinkCode !== undefined ? [`link: ${input.urlWithLinkCode}`] : []),
    `valid for ${humaniseDuration(input.codeLifetime)}`,
  ];
}
