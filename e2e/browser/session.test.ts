/**
 * The official frontend SDK (supertokens-web-js 0.16.0 → supertokens-website 20.1.6) in Debian
 * Chromium against `examples/express` on @portcullis/node, in both token transfer modes
 * (docs/protocol/fdi.md §3.1): session created, protected API answers, the access token expires and the
 * SDK's automatic refresh (§3.6) makes the protected call succeed again, sign-out (§3.7) ends it.
 *
 * The page is served from another localhost port than the API, so every call is a credentialed
 * CORS request. The core runs over HTTP with a 2-second access_token_validity.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { chromiumSkipReason, launchChromium, type LaunchedChromium } from "../support/chromium";
import { startStaticServer, type StaticServer } from "../support/static-server";
import { bundleFrontend } from "../support/frontend-bundle";
import { startHttpCore, type HttpCore } from "../support/http-core";
import { startExpressExample, type RunningExpressExample } from "../support/express-example";

const ACCESS_TOKEN_VALIDITY_SECONDS = 2;

const skipReason = chromiumSkipReason();
if (skipReason !== undefined) console.warn(`[e2e/browser] ${skipReason}`);

interface ApiAnswer {
  status: number;
  body: any;
}

describe.skipIf(skipReason !== undefined)("examples/express with supertokens-web-js in Chromium", () => {
  let core: HttpCore;
  let website: StaticServer;
  let api: RunningExpressExample;
  let chromium: LaunchedChromium;

  beforeAll(async () => {
    const bundle = await bundleFrontend(path.join(__dirname, "frontend/driver.ts"));
    website = await startStaticServer({
      "/": {
        contentType: "text/html",
        body: '<!doctype html><html><head><script src="/driver.js"></script></head><body>e2e</body></html>',
      },
      "/driver.js": { contentType: "text/javascript", body: bundle },
    });
    core = await startHttpCore({ access_token_validity: ACCESS_TOKEN_VALIDITY_SECONDS });
    api = await startExpressExample({ websiteDomain: website.origin, connectionURI: core.url });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await api?.close();
    await website?.close();
    await core?.close();
  });

  for (const tokenTransferMethod of ["cookie", "header"] as const) {
    describe(`tokenTransferMethod "${tokenTransferMethod}"`, () => {
      let page: Page;
      const userId = `e2e-${tokenTransferMethod}-user`;

      const call = (method: string, apiPath: string): Promise<ApiAnswer> =>
        page.evaluate(([m, p]) => (window as any).portcullisE2E.call(m, p), [method, apiPath] as const);
      const doesSessionExist = (): Promise<boolean> =>
        page.evaluate(() => (window as any).portcullisE2E.doesSessionExist());

      beforeAll(async () => {
        const context = await chromium.browser.newContext();
        page = await context.newPage();
        page.on("pageerror", (error) => console.error(`[browser ${tokenTransferMethod}] ${error.message}`));
        await page.goto(`${website.origin}/`);
        await page.evaluate((input) => (window as any).portcullisE2E.init(input), {
          apiDomain: api.apiDomain,
          tokenTransferMethod,
        });
      });

      afterAll(async () => {
        await page?.context().close();
      });

      it("has no session before one is created", async () => {
        expect(await doesSessionExist()).toBe(false);
        expect((await call("GET", "/sessioninfo")).status).toBe(401);
      });

      it("creates a session through a cross-origin call and the SDK sees it", async () => {
        const created = await call("POST", `/test/create-session?userId=${userId}`);
        expect(created).toEqual({ status: 200, body: { status: "OK", userId } });
        expect(await doesSessionExist()).toBe(true);
        expect(await page.evaluate(() => (window as any).portcullisE2E.getUserId())).toBe(userId);
      });

      it(`keeps the tokens where ${tokenTransferMethod} mode puts them`, async () => {
        const visible: string[] = await page.evaluate(() =>
          (window as any).portcullisE2E.visibleCookieNames(),
        );
        // Header mode: supertokens-website stores the tokens in its own (frontend) cookies.
        // Cookie mode: they are HttpOnly cookies of the API origin, invisible to the page.
        if (tokenTransferMethod === "header")
          expect(visible).toEqual(expect.arrayContaining(["st-access-token", "st-refresh-token"]));
        else expect(visible).not.toContain("st-access-token");
        expect(visible).toContain("sFrontToken");
      });

      it("answers the protected route verifySession() guards", async () => {
        const protectedAnswer = await call("GET", "/sessioninfo");
        expect(protectedAnswer.status).toBe(200);
        expect(protectedAnswer.body.userId).toBe(userId);
      });

      it("refreshes the expired access token automatically and the protected call still answers 200", async () => {
        const before = (await call("GET", "/sessioninfo")).body.sessionHandle as string;
        // Let the access token expire (the core issued it for ACCESS_TOKEN_VALIDITY_SECONDS).
        await new Promise((resolve) => setTimeout(resolve, ACCESS_TOKEN_VALIDITY_SECONDS * 1000 + 1500));
        const seen = api.requests.length;

        const afterExpiry = await call("GET", "/sessioninfo");

        expect(afterExpiry.status).toBe(200);
        expect(afterExpiry.body.userId).toBe(userId);
        expect(afterExpiry.body.sessionHandle).toBe(before);
        expect(api.requests.slice(seen)).toContain("POST /auth/session/refresh");
      });

      it("signs out: the SDK forgets the session and the protected route answers 401", async () => {
        await page.evaluate(() => (window as any).portcullisE2E.signOut());
        expect(api.requests).toContain("POST /auth/signout");
        expect(await doesSessionExist()).toBe(false);
        expect((await call("GET", "/sessioninfo")).status).toBe(401);
      });
    });
  }
});
