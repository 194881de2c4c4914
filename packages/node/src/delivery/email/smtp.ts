/**
 * Email over SMTP with nodemailer (docs/protocol/sdk-surface.md §1.8): the recipe-independent half of every
 * recipe's `SMTPService`. The transport (and its connection pool settings) is created once per
 * service, not per email.
 */
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import OverrideableBuilder from "../../override";
import type { UserContext } from "../../user-context";
import type { EmailDeliveryInterface } from "../types";

export interface SMTPServiceConfig {
  host: string;
  port: number;
  from: { name: string; email: string };
  /** Omit for a server without authentication (a local relay or a test catcher). */
  password?: string;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  /** Defaults to `from.email`. */
  authUsername?: string;
}

export interface GetContentResult {
  body: string;
  isHtml: boolean;
  subject: string;
  toEmail: string;
  /**
   * Ours (not in supertokens-node): a plain-text alternative sent next to an HTML `body`.
   * The default contents fill it; custom `getContent`s may leave it out.
   */
  textBody?: string;
}

export type TypeInputSendRawEmail = GetContentResult & { userContext: UserContext };

export interface SMTPServiceInterface<T> {
  sendRawEmail(input: TypeInputSendRawEmail): Promise<void>;
  getContent(input: T & { userContext: UserContext }): Promise<GetContentResult>;
}

export interface SMTPServiceInput<T> {
  smtpSettings: SMTPServiceConfig;
  override?: (
    originalImplementation: SMTPServiceInterface<T>,
    builder: OverrideableBuilder<SMTPServiceInterface<T>>,
  ) => SMTPServiceInterface<T>;
}

/** Base of every recipe's `SMTPService`; the recipe supplies the default content. */
export class SMTPEmailService<T> implements EmailDeliveryInterface<T> {
  readonly serviceImpl: SMTPServiceInterface<T>;

  constructor(
    config: SMTPServiceInput<T>,
    defaultContent: (input: T & { userContext: UserContext }) => Promise<GetContentResult> | GetContentResult,
  ) {
    const settings = checkSMTPSettings(config);
    const transport = createSMTPTransport(settings);
    const from = { name: settings.from.name, address: settings.from.email };
    const original: SMTPServiceInterface<T> = {
      async sendRawEmail(input) {
        const isHtml = input.isHtml;
        await transport.sendMail({
          from,
          to: input.toEmail,
          subject: input.subject,
          ...(isHtml ? { html: input.body, text: input.textBody } : { text: input.body }),
        });
      },
      async getContent(input) {
        return defaultContent(input);
      },
    };
    if (config.override !== undefined && typeof config.override !== "function") {
      throw new Error(
        "SMTPService: override must be a function (originalImplementation) => ({ ...originalImplementation, … })",
      );
    }
    this.serviceImpl = new OverrideableBuilder(original).override(config.override).build();
  }

  sendEmail = async (input: T & { tenantId: string; userContext: UserContext }): Promise<void> => {
    const content = await this.serviceImpl.getContent(input);
    await this.serviceImpl.sendRawEmail({ ...content, userContext: input.userContext });
  };
}

function createSMTPTransport(settings: SMTPServiceConfig): Transporter {
  const user = settings.authUsername ?? settings.from.email;
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure ?? false,
    ...(settings.password !== undefined ? { auth: { user, pass: settings.password } } : {}),
  });
}

function checkSMTPSettings(config: unknown): SMTPServiceConfig {
  const settings = (config as { smtpSettings?: Partial<SMTPServiceConfig> } | undefined)?.smtpSettings;
  if (settings === null || typeof settings !== "object") {
    throw new Error("SMTPService needs { smtpSettings: { host, port, from: { name, email }, password? } }");
  }
  if (typeof settings.host !== "string" || settings.host === "") {
    throw new Error(
      `SMTPService: smtpSettings.host must be the SMTP server's host name (got ${JSON.stringify(settings.host)})`,
    );
  }
  if (
    typeof settings.port !== "number" ||
    !Number.isInteger(settings.port) ||
    settings.port <= 0 ||
    settings.port > 65535
  ) {
    throw new Error(
      `SMTPService: smtpSettings.port must be a port number like 587 (got ${JSON.stringify(settings.port)})`,
    );
  }
  const from = settings.from;
  if (
    from === null ||
    typeof from !== "object" ||
    typeof from.email !== "string" ||
    typeof from.name !== "string"
  ) {
    throw new Error("SMTPService: smtpSettings.from must be { name: string, email: string }");
  }
  for (const key of ["password", "authUsername"] as const) {
    if (settings[key] !== undefined && typeof settings[key] !== "string") {
      throw new Error(`SMTPService: smtpSettings.${key} must be a string`);
    }
  }
  if (settings.secure !== undefined && typeof settings.secure !== "boolean") {
    throw new Error("SMTPService: smtpSettings.secure must be a boolean");
  }
  return settings as SMTPServiceConfig;
}
