/**
 * The official supertokens-node@24.0.3, loaded as a client of our core. TEST_MODE=testing
 * must be set before the first require: it enables the SDK's reset functions (so one test file
 * can re-initialise it per engine) and turns telemetry off.
 */
import { createRequire } from "node:module";

process.env.TEST_MODE = "testing";
const require = createRequire(import.meta.url);

export const supertokens = require("supertokens-node");
export const Session = require("supertokens-node/recipe/session");
/** `SessionError` with its `type` strings (TRY_REFRESH_TOKEN, UNAUTHORISED, TOKEN_THEFT_DETECTED, …). */
export const SessionError = require("supertokens-node/recipe/session").Error;

const SuperTokensSingleton = require("supertokens-node/lib/build/supertokens").default;
/** Session plus the recipes `init` adds on its own (supertokens.js), each a singleton to reset. */
const recipeSingletons = [
  "session",
  "accountlinking",
  "multitenancy",
  "usermetadata",
  "multifactorauth",
  "totp",
  "oauth2provider",
  "openid",
  "jwt",
].map((recipe) => require(`supertokens-node/lib/build/recipe/${recipe}/recipe`).default);

export interface OfficialSdkOptions {
  connectionURI: string;
  apiKey?: string;
  useDynamicAccessTokenSigningKey?: boolean;
  antiCsrf?: "NONE" | "VIA_TOKEN" | "VIA_CUSTOM_HEADER";
  /** How the SDK's own APIs and middleware send tokens (default: the SDK's "any"). */
  tokenTransferMethod?: "header" | "cookie";
}

/** Forgets any previous init (hosts, cached API version, JWKS cache) and initialises again. */
export function initOfficialSdk(options: OfficialSdkOptions): void {
  resetOfficialSdk();
  supertokens.init({
    framework: "express",
    supertokens: { connectionURI: options.connectionURI, apiKey: options.apiKey },
    appInfo: {
      appName: "portcullis-compat",
      apiDomain: "http://127.0.0.1:3001",
      websiteDomain: "http://127.0.0.1:3000",
      apiBasePath: "/auth",
    },
    recipeList: [
      Session.init({
        useDynamicAccessTokenSigningKey: options.useDynamicAccessTokenSigningKey,
        antiCsrf: options.antiCsrf,
        getTokenTransferMethod: options.tokenTransferMethod ? () => options.tokenTransferMethod : undefined,
      }),
    ],
  });
}

export function resetOfficialSdk(): void {
  SuperTokensSingleton.reset();
  for (const recipe of recipeSingletons) recipe.reset();
}

const { Querier } = require("supertokens-node/lib/build/querier");

/**
 * Runs the SDK's own version handshake (`GET /apiversion`, cached per process) now, instead of
 * inside the first call. Needed with a dead FIRST host: in supertokens-node 24.0.3 the first
 * call's retry shares `Querier.lastTriedIndex` with the nested handshake, so after the
 * handshake has failed over to host 2 the call's retry wraps back to the dead host 1 and
 * throws "No SuperTokens core available to query" — an SDK quirk, whatever the core.
 */
export async function runVersionHandshake(): Promise<string> {
  return Querier.getNewInstanceOrThrowError(SuperTokensSingleton.getInstanceOrThrowError()).getAPIVersion({});
}

/** The SDK's user id object, as every session function takes it. */
export function recipeUserId(id: string): unknown {
  return supertokens.convertToRecipeUserId(id);
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  antiCsrfToken?: string;
}

export function tokensOf(session: any): IssuedTokens {
  const tokens = session.getAllSessionTokensDangerously();
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    antiCsrfToken: tokens.antiCsrfToken,
  };
}

/** Decoded JWT header and payload (no verification: for looking at what the core issued). */
export function decodeJwt(token: string): { header: any; payload: any } {
  const [header, payload] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")),
    payload: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")),
  };
}

/** Runs `fn` and returns the error it throws (or fails if it resolves). */
export async function errorOf(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw, but it resolved");
}
