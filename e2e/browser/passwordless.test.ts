/**
 * Passwordless sign-in end to end: the official frontend SDK's passwordless functions
 * (supertokens-web-js 0.16.0, `recipe/passwordless`) in Debian Chromium against
 * `examples/express` (its own `createApp()` with Passwordless.init) on @portcullis/node, with the
 * core over HTTP. The backend sends its sign-in email over real SMTP to a local catcher; the test
 * reads the code and the magic link from the message, as the user would (docs/protocol/fdi.md §6).
 *
 * Email OTP: createCode → (wrong code, resend) → consumeCode with the emailed code → session.
 * Magic link: createCode in one browser context, the link opened in a fresh context (another
 * device, no login attempt stored there) → consumeCode() reads it from the URL → session there.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { chromiumSkipReason, launchChromium, type LaunchedChromium } from "../support/chromium";
import { startStaticServer, type StaticServer } from "../support/static-server";
import { bundleFrontend } from "../support/frontend-bundle";
import { startHttpCore, type HttpCore } from "../support/http-core";
import { startExpressExample, type RunningExpressExample } from "../support/express-example";
import { startSmtpCatcher, type SmtpCatcher } from "../support/smtp-catcher";

const skipReason = chromiumSkipReason();
if (skipReason !== undefined) console.warn(`[e2e/browser] ${skipReason}`);

/** The example's websiteBasePath: magic links point at `<websiteDomain>/auth/verify`. */
const MAGIC_LINK_PATH = "/auth/verify";

function codeIn(text: string): string {
  const code = /\b(\d{6})\b/.exec(text)?.[1];
  if (code === undefined) throw new Error(`no six-digit code in the email:\n${text}`);
  return code;
}

function linkIn(text: string): string {
  const link = /(https?:\/\/\S+\/verify\?\S+#\S+)/.exec(text)?.[1];
  if (link === undefined) throw new Error(`no magic link in the email:\n${text}`);
  return link;
}

describe.skipIf(skipReason !== undefined)("passwordless sign-in with supertokens-web-js in Chromium", () => {
  let core: HttpCore;
  let website: StaticServer;
  let mailbox: SmtpCatcher;
  let api: RunningExpressExample;
  let chromium: LaunchedChromium;

  beforeAll(async () => {
    const bundle = await bundleFrontend(path.join(__dirname, "frontend/passwordless-driver.ts"));
    const page = {
      contentType: "text/html",
      body: '<!doctype html><html><head><script src="/driver.js"></script></head><body>e2e</body></html>',
    };
    website = await startStaticServer({
      "/": page,
      [MAGIC_LINK_PATH]: page,
      "/driver.js": { contentType: "text/javascript", body: bundle },
    });
    core = await startHttpCore();
    mailbox = await startSmtpCatcher();
    api = await startExpressExample({
      websiteDomain: website.origin,
      connectionURI: core.url,
      smtp: { host: mailbox.host, port: mailbox.port },
    });
    chromium = await launchChromium();
  });

  afterAll(async () => {
    await chromium?.close();
    await api?.close();
    await mailbox?.close();
    await website?.close();
    await core?.close();
  });

  /** A fresh browser context (its own cookies and storage: another device) on `url`, SDK initialised. */
  async function openDevice(url: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error(`[browser] ${error.message}`));
    await page.goto(url);
    await page.evaluate(
      (apiDomain) => (window as any).portcullisPasswordless.init({ apiDomain }),
      api.apiDomain,
    );
    return { context, page };
  }

  const run = <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(
      ([name, list]) => (window as any).portcullisPasswordless[name as string](...(list as unknown[])),
      [fn, args] as const,
    );

  describe("email OTP", () => {
    const email = `e2e-otp-${Date.now()}@example.com`;
    let device: { context: BrowserContext; page: Page };
    let emailedCode: string;

    beforeAll(async () => {
      device = await openDevice(`${website.origin}/`);
    });

    afterAll(async () => {
      await device?.context.close();
    });

    it("has no session and no user for the email before signing in", async () => {
      expect(await run(device.page, "doesSessionExist")).toBe(false);
      expect(await run(device.page, "doesEmailExist", email)).toEqual({ status: "OK", doesExist: false });
    });

    it("createCode answers OK and the backend emails a six-digit code", async () => {
      const created = await run<any>(device.page, "createCode", email);

      expect(created).toMatchObject({ status: "OK", flowType: "USER_INPUT_CODE_AND_MAGIC_LINK" });
      expect(await run(device.page, "hasLoginAttemptInfo")).toBe(true);
      emailedCode = codeIn((await mailbox.nextEmailTo(email)).text);
    });

    it("a wrong code answers INCORRECT_USER_INPUT_CODE_ERROR with the counts and creates no session", async () => {
      const wrong = String((Number(emailedCode) + 1) % 1_000_000).padStart(6, "0");

      const result = await run<any>(device.page, "consumeUserInputCode", wrong);

      expect(result).toEqual({
        status: "INCORRECT_USER_INPUT_CODE_ERROR",
        failedCodeInputAttemptCount: 1,
        maximumCodeInputAttempts: 5,
      });
      expect(await run(device.page, "doesSessionExist")).toBe(false);
    });

    it("resendCode answers OK and the backend emails another code", async () => {
      const resent = await run<any>(device.page, "resendCode");

      expect(resent).toEqual({ status: "OK" });
      emailedCode = codeIn((await mailbox.nextEmailTo(email)).text);
    });

    it("consumeCode with the emailed code signs up a new user and the page has a session", async () => {
      const result = await run<any>(device.page, "consumeUserInputCode", emailedCode);

      expect(result.status).toBe("OK");
      expect(result.createdNewRecipeUser).toBe(true);
      expect(result.user.emails).toEqual([email]);
      expect(result.user.loginMethods[0]).toMatchObject({ recipeId: "passwordless", email, verified: true });
      expect(await run(device.page, "doesSessionExist")).toBe(true);
      expect(await run(device.page, "getUserId")).toBe(result.user.id);
    });

    it("the session opens the example's protected route", async () => {
      const userId = await run<string>(device.page, "getUserId");

      const answer = await run<any>(device.page, "call", "GET", "/sessioninfo");

      expect(answer.status).toBe(200);
      expect(answer.body.userId).toBe(userId);
    });

    it("doesEmailExist now finds the user", async () => {
      expect(await run(device.page, "doesEmailExist", email)).toEqual({ status: "OK", doesExist: true });
    });
  });

  describe("magic link opened on another device", () => {
    const email = `e2e-link-${Date.now()}@example.com`;
    let requester: { context: BrowserContext; page: Page };
    let link: string;

    beforeAll(async () => {
      requester = await openDevice(`${website.origin}/`);
    });

    afterAll(async () => {
      await requester?.context.close();
    });

    it("createCode emails a link to this website's verify page with the preAuthSessionId and tenant", async () => {
      const created = await run<any>(requester.page, "createCode", email);

      link = linkIn((await mailbox.nextEmailTo(email)).text);
      const url = new URL(link);
      expect(`${url.origin}${url.pathname}`).toBe(`${website.origin}${MAGIC_LINK_PATH}`);
      expect(url.searchParams.get("preAuthSessionId")).toBe(created.preAuthSessionId);
      expect(url.searchParams.get("tenantId")).toBe("public");
      expect(url.hash.length).toBeGreaterThan(1);
    });

    it("the link, opened in a fresh browser context, signs the user in there", async () => {
      const other = await openDevice(link);
      try {
        expect(await run(other.page, "hasLoginAttemptInfo")).toBe(false);
        expect(await run<any>(other.page, "linkFromURL")).toMatchObject({ tenantId: "public" });

        const result = await run<any>(other.page, "consumeMagicLink");

        expect(result.status).toBe("OK");
        expect(result.createdNewRecipeUser).toBe(true);
        expect(result.user.emails).toEqual([email]);
        expect(await run(other.page, "doesSessionExist")).toBe(true);
        const answer = await run<any>(other.page, "call", "GET", "/sessioninfo");
        expect(answer.status).toBe(200);
        expect(answer.body.userId).toBe(result.user.id);
      } finally {
        await other.context.close();
      }
    });

    it("leaves the device that asked for the link without a session", async () => {
      expect(await run(requester.page, "doesSessionExist")).toBe(false);
    });

    it("the same link a second time answers RESTART_FLOW_ERROR", async () => {
      const third = await openDevice(link);
      try {
        expect(await run(third.page, "consumeMagicLink")).toEqual({ status: "RESTART_FLOW_ERROR" });
        expect(await run(third.page, "doesSessionExist")).toBe(false);
      } finally {
        await third.context.close();
      }
    });
  });
});
