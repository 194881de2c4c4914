/**
 * Runs in Chromium. The official frontend SDK exactly as an app uses it: `SuperTokens.init` with
 * the Session recipe (which installs supertokens-website's fetch interceptor), then plain
 * `fetch` calls to the API origin. The test drives it through `window.portcullisE2E`.
 */
import SuperTokens from "supertokens-web-js";
import Session from "supertokens-web-js/recipe/session";

interface ApiAnswer {
  status: number;
  body: unknown;
}

async function answer(response: Response): Promise<ApiAnswer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

let apiDomain = "";

const driver = {
  init(input: { apiDomain: string; tokenTransferMethod: "cookie" | "header" }): void {
    apiDomain = input.apiDomain;
    SuperTokens.init({
      appInfo: { appName: "Portcullis e2e", apiDomain: input.apiDomain, apiBasePath: "/auth" },
      recipeList: [Session.init({ tokenTransferMethod: input.tokenTransferMethod })],
    });
  },
  doesSessionExist: (): Promise<boolean> => Session.doesSessionExist(),
  getUserId: (): Promise<string> => Session.getUserId(),
  signOut: (): Promise<void> => Session.signOut(),
  async call(method: string, path: string): Promise<ApiAnswer> {
    return answer(await fetch(apiDomain + path, { method, credentials: "include" }));
  },
  /** Which session tokens the page's JavaScript can see (header mode keeps them in frontend cookies). */
  visibleCookieNames(): string[] {
    return document.cookie
      .split(";")
      .map((part) => part.trim().split("=")[0]!)
      .filter((name) => name !== "");
  },
};

(window as unknown as { portcullisE2E: typeof driver }).portcullisE2E = driver;
