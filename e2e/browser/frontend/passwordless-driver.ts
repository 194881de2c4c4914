/**
 * Runs in Chromium. The official frontend SDK's passwordless functions exactly as an app's own
 * sign-in UI calls them (supertokens-web-js/recipe/passwordless: createCode, resendCode,
 * consumeCode, doesEmailExist), with Session for doesSessionExist. The test drives it through
 * `window.portcullisPasswordless`. Results are returned without `fetchResponse` (not
 * serialisable across the page boundary).
 */
import SuperTokens from "supertokens-web-js";
import Passwordless from "supertokens-web-js/recipe/passwordless";
import Session from "supertokens-web-js/recipe/session";

type Plain = Record<string, unknown>;

function withoutResponse<T extends { fetchResponse?: unknown }>(result: T): Plain {
  const { fetchResponse: _fetchResponse, ...rest } = result;
  return JSON.parse(JSON.stringify(rest)) as Plain;
}

let apiDomain = "";

const driver = {
  init(input: { apiDomain: string }): void {
    apiDomain = input.apiDomain;
    SuperTokens.init({
      appInfo: { appName: "Portcullis e2e", apiDomain: input.apiDomain, apiBasePath: "/auth" },
      recipeList: [Session.init(), Passwordless.init()],
    });
  },
  createCode: async (email: string) => withoutResponse(await Passwordless.createCode({ email })),
  resendCode: async () => withoutResponse(await Passwordless.resendCode()),
  consumeUserInputCode: async (userInputCode: string) =>
    withoutResponse(await Passwordless.consumeCode({ userInputCode })),
  /** On the magic link's page: the SDK reads preAuthSessionId and the link code from the URL. */
  consumeMagicLink: async () => withoutResponse(await Passwordless.consumeCode()),
  linkFromURL: () => ({
    preAuthSessionId: Passwordless.getPreAuthSessionIdFromURL(),
    tenantId: Passwordless.getTenantIdFromURL() ?? null,
    linkCode: Passwordless.getLinkCodeFromURL(),
  }),
  hasLoginAttemptInfo: async () => (await Passwordless.getLoginAttemptInfo()) !== undefined,
  doesEmailExist: async (email: string) => withoutResponse(await Passwordless.doesEmailExist({ email })),
  doesSessionExist: (): Promise<boolean> => Session.doesSessionExist(),
  getUserId: (): Promise<string> => Session.getUserId(),
  async call(method: string, path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(apiDomain + path, { method, credentials: "include" });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: text };
    }
  },
};

(window as unknown as { portcullisPasswordless: typeof driver }).portcullisPasswordless = driver;
