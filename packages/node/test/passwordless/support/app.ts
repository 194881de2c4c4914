/**
 * Passwordless test rig: a real core (startTestCore over HTTP, or embedded in-process), the SDK
 * with Session + Passwordless, email through a real SMTP catcher and SMS through a local
 * Twilio stand-in, and an Express app with the SDK middleware and a protected route.
 */
import express from "express";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { startTestCore, type TestCore } from "../../../../core/test/support/core";
import type { CoreConfig } from "../../../../core/src/config";
import SuperTokens from "../../../src/supertokens";
import { errorHandler, middleware } from "../../../src/framework/express";
import * as Session from "../../../src/recipe/session/index";
import { verifySession, type SessionRequest } from "../../../src/recipe/session/framework/express";
import * as Passwordless from "../../../src/recipe/passwordless/index";
import { SMTPService } from "../../../src/recipe/passwordless/emaildelivery";
import { TwilioService } from "../../../src/recipe/passwordless/smsdelivery";
import type { TypeInput as PasswordlessConfig } from "../../../src/recipe/passwordless/types";
import { startMailCatcher, type CaughtMail, type MailCatcher } from "../../support/mail-catcher";
import { startSmsCatcher, type SmsCatcher } from "../../support/sms-catcher";

export const API_DOMAIN = "http://localhost:3001";
export const WEBSITE_DOMAIN = "http://localhost:3000";

export interface PasswordlessAppOptions {
  /** Overrides of the default config; a function gets the catchers (to build services on them). */
  passwordless?:
    | Partial<PasswordlessConfig>
    | ((catchers: { mailPort: number; smsURL: string }) => Partial<PasswordlessConfig>);
  /** Core config (e.g. passwordless_code_lifetime, passwordless_max_code_input_attempts). */
  core?: Partial<CoreConfig>;
  now?: () => number;
  /** "http" (default): startTestCore on SQLite; "embedded": connectionURI "memory:". */
  transport?: "http" | "embedded";
  /** Leave out the SMTP/Twilio services (to test the defaults). */
  withoutServices?: boolean;
}

export interface PasswordlessApp {
  url: string;
  mail: MailCatcher;
  sms: SmsCatcher;
  testCore?: TestCore;
  close(): Promise<void>;
}

export async function startPasswordlessApp(options: PasswordlessAppOptions = {}): Promise<PasswordlessApp> {
  const mail = await startMailCatcher();
  const sms = await startSmsCatcher();
  const testCore =
    options.transport === "embedded"
      ? undefined
      : await startTestCore({ engine: "sqlite", config: options.core, now: options.now });
  await SuperTokens.resetAsync();
  const services = options.withoutServices
    ? {}
    : {
        emailDelivery: {
          service: new SMTPService({
            smtpSettings: {
              host: "127.0.0.1",
              port: mail.port,
              from: { name: "Test", email: "auth@test.local" },
            },
          }),
        },
        smsDelivery: {
          service: new TwilioService({
            twilioSettings: {
              accountSid: "AC1",
              authToken: "t",
              from: "+15005550006",
              opts: { apiBaseUrl: sms.url },
            },
          }),
        },
      };
  SuperTokens.init({
    supertokens: testCore
      ? { connectionURI: testCore.url }
      : { connectionURI: "memory:", core: options.core },
    appInfo: { appName: "Test App", apiDomain: API_DOMAIN, websiteDomain: WEBSITE_DOMAIN },
    recipeList: [
      Session.init(),
      Passwordless.init({
        contactMethod: "EMAIL_OR_PHONE",
        flowType: "USER_INPUT_CODE_AND_MAGIC_LINK",
        ...services,
        ...(typeof options.passwordless === "function"
          ? options.passwordless({ mailPort: mail.port, smsURL: sms.url })
          : options.passwordless),
      } as PasswordlessConfig),
    ],
  });

  const app = express();
  app.use(middleware());
  app.get("/protected", verifySession(), (req, res) => {
    const session = (req as SessionRequest).session!;
    res.json({ userId: session.getUserId(), recipeUserId: session.getRecipeUserId().getAsString() });
  });
  app.use(errorHandler());
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
  });
  const server: http.Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    mail,
    sms,
    testCore,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await SuperTokens.resetAsync();
      await testCore?.close();
      await mail.close();
      await sms.close();
    },
  };
}

/** The 6-digit code and the magic link, read from the text part of a caught email or SMS body. */
export function readLogin(text: string): { code?: string; link?: string } {
  return {
    code: /\b(\d{6})\b/.exec(text)?.[1],
    link: /(http:\/\/localhost:3000\/auth\/verify\?\S+)/.exec(text)?.[1],
  };
}

export function readMail(mail: CaughtMail): { code?: string; link?: string } {
  return readLogin(mail.text);
}

/** What the frontend takes from a magic link (docs/protocol/fdi.md §6): query values and the raw hash. */
export function parseMagicLink(link: string): {
  preAuthSessionId: string;
  tenantId: string;
  linkCode: string;
  url: URL;
} {
  const url = new URL(link);
  return {
    url,
    preAuthSessionId: url.searchParams.get("preAuthSessionId") ?? "",
    tenantId: url.searchParams.get("tenantId") ?? "",
    linkCode: url.hash.slice(1),
  };
}
