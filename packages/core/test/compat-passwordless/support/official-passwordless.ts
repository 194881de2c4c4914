/**
 * The official supertokens-node@24.0.3 with its Passwordless recipe (contactMethod
 * EMAIL_OR_PHONE, flowType USER_INPUT_CODE_AND_MAGIC_LINK) and Session, as a client of our core.
 * The email and SMS delivery services put each message in an `Outbox` instead of sending it,
 * so a test reads the code (and the magic link) the way a user would.
 *
 * TEST_MODE=testing must be set before the first require: it enables the SDK's reset functions
 * (so one file can initialise it once per engine) and turns telemetry off.
 */
import { createRequire } from "node:module";

process.env.TEST_MODE = "testing";
const require = createRequire(import.meta.url);

export const supertokens = require("supertokens-node");
export const Session = require("supertokens-node/recipe/session");
export const Passwordless = require("supertokens-node/recipe/passwordless");
export const Multitenancy = require("supertokens-node/recipe/multitenancy");

const SuperTokensSingleton = require("supertokens-node/lib/build/supertokens").default;
/** The recipes in the list plus the ones `init` adds on its own, each a singleton to reset. */
const recipeSingletons = [
  "session",
  "passwordless",
  "emailverification",
  "accountlinking",
  "multitenancy",
  "usermetadata",
  "multifactorauth",
  "totp",
  "oauth2provider",
  "openid",
  "jwt",
].map((recipe) => require(`supertokens-node/lib/build/recipe/${recipe}/recipe`).default);

/** What the SDK asked its delivery service to send (TypePasswordless{Email,Sms}DeliveryInput). */
export interface DeliveredMessage {
  channel: "email" | "sms";
  /** The email address or the phone number. */
  to: string;
  userInputCode?: string;
  urlWithLinkCode?: string;
  preAuthSessionId: string;
  tenantId: string;
  codeLifetime: number;
}

export class Outbox {
  readonly messages: DeliveredMessage[] = [];

  /** The newest message sent to this address or number. */
  lastTo(to: string): DeliveredMessage {
    const found = [...this.messages].reverse().find((message) => message.to === to);
    if (!found)
      throw new Error(`nothing was delivered to ${to} (sent: ${this.messages.map((m) => m.to).join(", ")})`);
    return found;
  }

  countTo(to: string): number {
    return this.messages.filter((message) => message.to === to).length;
  }
}

/** The apiDomain/websiteDomain the SDK is initialised with (magic links are built from them). */
export const appInfo = {
  appName: "portcullis-compat-passwordless",
  apiDomain: "http://127.0.0.1:3001",
  websiteDomain: "http://127.0.0.1:3000",
  apiBasePath: "/auth",
  websiteBasePath: "/auth",
};

/** Forgets any previous init (hosts, cached API version, JWKS cache) and initialises again. */
export function initOfficialPasswordless(connectionURI: string, outbox: Outbox): void {
  resetOfficialSdk();
  supertokens.init({
    framework: "express",
    supertokens: { connectionURI },
    appInfo,
    recipeList: [
      Passwordless.init({
        contactMethod: "EMAIL_OR_PHONE",
        flowType: "USER_INPUT_CODE_AND_MAGIC_LINK",
        emailDelivery: {
          service: {
            async sendEmail(input: any) {
              outbox.messages.push({ channel: "email", to: input.email, ...pickCode(input) });
            },
          },
        },
        smsDelivery: {
          service: {
            async sendSms(input: any) {
              outbox.messages.push({ channel: "sms", to: input.phoneNumber, ...pickCode(input) });
            },
          },
        },
      }),
      Session.init({ getTokenTransferMethod: () => "header" }),
    ],
  });
}

function pickCode(input: any): Omit<DeliveredMessage, "channel" | "to"> {
  return {
    userInputCode: input.userInputCode,
    urlWithLinkCode: input.urlWithLinkCode,
    preAuthSessionId: input.preAuthSessionId,
    tenantId: input.tenantId,
    codeLifetime: input.codeLifetime,
  };
}

export function resetOfficialSdk(): void {
  SuperTokensSingleton.reset();
  for (const recipe of recipeSingletons) recipe.reset();
}

/** The magic link's parts, as the frontend reads them (docs/protocol/fdi.md §6 "Magic link format"). */
export function parseMagicLink(url: string): {
  path: string;
  preAuthSessionId: string;
  tenantId: string;
  linkCode: string;
} {
  const parsed = new URL(url);
  return {
    path: `${parsed.origin}${parsed.pathname}`,
    preAuthSessionId: parsed.searchParams.get("preAuthSessionId") ?? "",
    tenantId: parsed.searchParams.get("tenantId") ?? "",
    linkCode: parsed.hash.slice(1),
  };
}
