/**
 * SMS through Twilio's REST API (docs/protocol/sdk-surface.md §1.8), without the twilio package: one form POST
 * to `{base}/2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic auth
 * `accountSid:authToken` and the fields `To`, `From` or `MessagingServiceSid`, `Body`.
 */
import OverrideableBuilder from "../../override";
import type { UserContext } from "../../user-context";
import type { SmsDeliveryInterface } from "../types";

export const TWILIO_API_BASE_URL = "https://api.twilio.com";

/** Twilio client options we understand; `apiBaseUrl` is ours (tests, proxies, mock servers). */
export interface TwilioOptions {
  /** Default `https://api.twilio.com`; `region`/`edge` pick `https://api.{edge}.{region}.twilio.com`. */
  apiBaseUrl?: string;
  region?: string;
  edge?: string;
  /** Abort the request after this many ms (default 10000). */
  timeout?: number;
  [option: string]: unknown;
}

export type TwilioServiceConfig =
  | { accountSid: string; authToken: string; from: string; opts?: TwilioOptions }
  | { accountSid: string; authToken: string; messagingServiceSid: string; opts?: TwilioOptions };

export interface GetContentResult {
  body: string;
  toPhoneNumber: string;
}

export type TypeInputSendRawSms = GetContentResult & { userContext: UserContext } & (
    { from: string } | { messagingServiceSid: string }
  );

export interface TwilioServiceInterface<T> {
  sendRawSms(input: TypeInputSendRawSms): Promise<void>;
  getContent(input: T & { userContext: UserContext }): Promise<GetContentResult>;
}

export interface TwilioServiceInput<T> {
  twilioSettings: TwilioServiceConfig;
  override?: (
    originalImplementation: TwilioServiceInterface<T>,
    builder: OverrideableBuilder<TwilioServiceInterface<T>>,
  ) => TwilioServiceInterface<T>;
}

/** Base of every recipe's `TwilioService`; the recipe supplies the default content. */
export class TwilioSmsService<T> implements SmsDeliveryInterface<T> {
  readonly serviceImpl: TwilioServiceInterface<T>;
  private readonly sender: { from: string } | { messagingServiceSid: string };

  constructor(
    config: TwilioServiceInput<T>,
    defaultContent: (input: T & { userContext: UserContext }) => Promise<GetContentResult> | GetContentResult,
  ) {
    const settings = checkTwilioSettings(config);
    this.sender =
      "from" in settings && settings.from !== undefined
        ? { from: settings.from }
        : { messagingServiceSid: (settings as { messagingServiceSid: string }).messagingServiceSid };
    const messagesURL = `${apiBaseUrl(settings.opts)}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
    const authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString("base64")}`;
    const timeout = typeof settings.opts?.timeout === "number" ? settings.opts.timeout : 10_000;

    const original: TwilioServiceInterface<T> = {
      async sendRawSms(input) {
        const form = new URLSearchParams({ To: input.toPhoneNumber });
        if ("from" in input && input.from !== undefined) form.set("From", input.from);
        else form.set("MessagingServiceSid", (input as { messagingServiceSid: string }).messagingServiceSid);
        form.set("Body", input.body);
        const response = await fetch(messagesURL, {
          method: "POST",
          headers: {
            authorization,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: form.toString(),
          signal: AbortSignal.timeout(timeout),
        });
        if (response.status >= 300) throw await twilioError(response);
        await response.arrayBuffer();
      },
      async getContent(input) {
        return defaultContent(input);
      },
    };
    if (config.override !== undefined && typeof config.override !== "function") {
      throw new Error(
        "TwilioService: override must be a function (originalImplementation) => ({ ...originalImplementation, … })",
      );
    }
    this.serviceImpl = new OverrideableBuilder(original).override(config.override).build();
  }

  sendSms = async (input: T & { tenantId: string; userContext: UserContext }): Promise<void> => {
    const content = await this.serviceImpl.getContent(input);
    await this.serviceImpl.sendRawSms({ ...content, ...this.sender, userContext: input.userContext });
  };
}

function apiBaseUrl(opts: TwilioOptions | undefined): string {
  if (typeof opts?.apiBaseUrl === "string") return opts.apiBaseUrl.replace(/\/+$/, "");
  if (typeof opts?.region === "string" || typeof opts?.edge === "string") {
    const edge = typeof opts.edge === "string" ? `${opts.edge}.` : "";
    const region = typeof opts.region === "string" ? opts.region : "us1";
    return `https://api.${edge}${region}.twilio.com`;
  }
  return TWILIO_API_BASE_URL;
}

/** Twilio answers errors as `{code, message, more_info, status}`; keep its message, never the token. */
async function twilioError(response: Response): Promise<Error> {
  const text = await response.text().catch(() => "");
  let message = text;
  try {
    const json = JSON.parse(text) as { message?: unknown; code?: unknown };
    if (typeof json.message === "string")
      message = `${json.message}${json.code !== undefined ? ` (Twilio error ${String(json.code)})` : ""}`;
  } catch {
    // not JSON: keep the text
  }
  return new Error(`TwilioService: sending the SMS failed with HTTP ${response.status}: ${message}`);
}

function checkTwilioSettings(config: unknown): TwilioServiceConfig {
  const settings = (config as { twilioSettings?: Record<string, unknown> } | undefined)?.twilioSettings;
  if (settings === null || typeof settings !== "object") {
    throw new Error(
      "TwilioService needs { twilioSettings: { accountSid, authToken, from | messagingServiceSid } }",
    );
  }
  for (const key of ["accountSid", "authToken"] as const) {
    if (typeof settings[key] !== "string" || settings[key] === "") {
      throw new Error(`TwilioService: twilioSettings.${key} must be a non-empty string`);
    }
  }
  const hasFrom = settings.from !== undefined;
  const hasService = settings.messagingServiceSid !== undefined;
  if (hasFrom === hasService) {
    throw new Error(
      "TwilioService: set exactly one of twilioSettings.from (a sender phone number) or twilioSettings.messagingServiceSid",
    );
  }
  const sender = hasFrom ? "from" : "messagingServiceSid";
  if (typeof settings[sender] !== "string" || settings[sender] === "") {
    throw new Error(`TwilioService: twilioSettings.${sender} must be a non-empty string`);
  }
  if (settings.opts !== undefined && (settings.opts === null || typeof settings.opts !== "object")) {
    throw new Error("TwilioService: twilioSettings.opts must be an object");
  }
  return settings as unknown as TwilioServiceConfig;
}
