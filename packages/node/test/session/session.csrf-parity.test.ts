/**
 * Differential anti-CSRF check (docs/protocol/fdi.md §3.5) against supertokens-node@24.0.3 on our core:
 * VIA_TOKEN with the cross-site cookie attributes (SameSite=None; Secure) of §3.3.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, startSessionApp, type Answer, type SessionApp } from "../support/session-app";
import { runBoth, startReferenceApp, type ReferenceApp } from "../support/session-parity";

const appInfo = { apiDomain: "https://api.example.com", websiteDomain: "https://app.example.org" };
let ours: SessionApp;
let reference: ReferenceApp;

beforeAll(async () => {
  ours = await startSessionApp({ session: { antiCsrf: "VIA_TOKEN" }, appInfo });
  reference = await startReferenceApp(ours.coreURL, { antiCsrf: "VIA_TOKEN" }, appInfo);
});
afterAll(async () => {
  await reference?.close();
  await ours?.close();
});

function both(flow: (browser: Browser, userId: string) => Promise<Answer>) {
  return runBoth(ours.url, reference.url, flow);
}

describe("VIA_TOKEN parity with supertokens-node 24.0.3 (cross-site https)", () => {
  it("creation sends anti-csrf, SameSite=None; Secure cookies", async () => {
    const { ours: a, reference: b } = await both((br, id) =>
      br.post("/create", { userId: id }, { "st-auth-mode": "cookie" }),
    );
    expect(a).toEqual(b);
    expect(a.headers["anti-csrf"]).toBe("<value>");
    expect(a.cookies[0]).toMatchObject({ sameSite: "none", secure: true });
  });

  it("a POST without the token, with a wrong one and with the right one", async () => {
    for (const pick of [() => undefined, () => "wrong", (token: string) => token]) {
      const result = await both(async (br, id) => {
        const created = await br.post("/create", { userId: id }, { "st-auth-mode": "cookie" });
        const token = pick(created.headers.get("anti-csrf")!);
        const answer = await br.post(
          "/protected",
          undefined,
          token === undefined ? {} : { "anti-csrf": token },
        );
        return answer.status === 200 ? { ...answer, body: "<session>" } : answer;
      });
      expect(result.ours).toEqual(result.reference);
    }
  });

  it("refresh with and without the anti-csrf token", async () => {
    for (const send of [true, false]) {
      const result = await both(async (br, id) => {
        const created = await br.post("/create", { userId: id }, { "st-auth-mode": "cookie" });
        const headers: Record<string, string> = { rid: "session" };
        if (send) headers["anti-csrf"] = created.headers.get("anti-csrf")!;
        return br.send("POST", "/auth/session/refresh", { headers });
      });
      expect(result.ours).toEqual(result.reference);
    }
  });
});
