/**
 * SuperTokens' Express quick-start ("Backend > Express" in the docs), verbatim but for the values
 * that the docs leave as placeholders (they come from `config.ts`). The imports are the docs'
 * own: `supertokens-node` resolves to @portcullis/node through this example's package.json.
 *
 * `createApp()` is exported (and `index.ts` listens) so tests can run the very same app.
 */
import express from "express";
import cors from "cors";
import supertokens from "supertokens-node";
import Session from "supertokens-node/recipe/session";
import Passwordless from "supertokens-node/recipe/passwordless";
import { SMTPService } from "supertokens-node/recipe/passwordless/emaildelivery";
import { TwilioService } from "supertokens-node/recipe/passwordless/smsdelivery";
import { middleware, errorHandler, SessionRequest } from "supertokens-node/framework/express";
import { verifySession } from "supertokens-node/recipe/session/framework/express";
import type { ExampleConfig } from "./config";

export function createApp(config: ExampleConfig): express.Express {
  supertokens.init({
    framework: "express",
    supertokens: {
      connectionURI: config.connectionURI,
    },
    appInfo: {
      appName: "Portcullis Express example",
      apiDomain: config.apiDomain,
      websiteDomain: config.websiteDomain,
      apiBasePath: "/auth",
      websiteBasePath: "/auth",
    },
    recipeList: [
      Passwordless.init({
        flowType: "USER_INPUT_CODE_AND_MAGIC_LINK",
        contactMethod: "EMAIL_OR_PHONE",
        // Not in the docs' snippet: where codes go. Without these, the embedded SQLite core
        // prints codes and links to the console (development only).
        emailDelivery: config.smtp && {
          service: new SMTPService({
            smtpSettings: {
              host: config.smtp.host,
              port: config.smtp.port,
              password: config.smtp.password,
              authUsername: config.smtp.user,
              from: { name: "Portcullis Express example", email: config.smtp.from ?? "no-reply@example.com" },
            },
          }),
        },
        smsDelivery: config.twilio && {
          service: new TwilioService({ twilioSettings: config.twilio }),
        },
      }),
      Session.init(),
    ],
  });

  const app = express();

  app.use(
    cors({
      origin: config.websiteDomain,
      allowedHeaders: ["content-type", ...supertokens.getAllCORSHeaders()],
      credentials: true,
    }),
  );

  // IMPORTANT: CORS should be before the below line.
  app.use(middleware());

  // ...your API routes

  // A protected route: only reachable with a valid session.
  app.get("/sessioninfo", verifySession(), async (req: SessionRequest, res) => {
    const session = req.session!;
    res.send({
      sessionHandle: session.getHandle(),
      userId: session.getUserId(),
      accessTokenPayload: session.getAccessTokenPayload(),
    });
  });

  // Add this AFTER all your routes
  app.use(errorHandler());

  return app;
}
