/**
 * SuperTokens' Next.js App Router backend config (docs: "Next.js > App directory"), verbatim but
 * for the connection URI: by default the core runs inside the Next.js server process on a SQLite
 * file (ARCHITECTURE.md, embedded transport); SUPERTOKENS_CONNECTION_URI overrides it.
 */
import SuperTokens from "supertokens-node";
import SessionNode from "supertokens-node/recipe/session";
import { TypeInput } from "supertokens-node/types";
import { appInfo } from "./appInfo";

export const backendConfig = (): TypeInput => {
  return {
    framework: "custom",
    supertokens: {
      connectionURI: process.env.SUPERTOKENS_CONNECTION_URI ?? "sqlite:./.portcullis/auth.db",
    },
    appInfo,
    recipeList: [SessionNode.init()],
    isInServerlessEnv: true,
  };
};

let initialized = false;

// This function is used in your APIs to make sure SuperTokens is initialised
export function ensureSuperTokensInit() {
  if (!initialized) {
    SuperTokens.init(backendConfig());
    initialized = true;
  }
}
