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
    recipeList: [Session.init()],
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
