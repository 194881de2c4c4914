/**
 * Differential FDI check: the official supertokens-node@24.0.3 and our SDK, both on our core,
 * receive the same requests; status, body shape, cookie attributes and session headers must
 * match (docs/protocol/fdi.md §3). The official SDK runs only as a reference client here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, startSessionApp, type Answer, type SessionApp } from "../support/session-app";
import { runBoth, sameUserIds, shape, startReferenceApp, type ReferenceApp } from "../support/session-parity";

let ours: SessionApp;
/** Shifts the core's clock: tokens issued while negative are already expired. */
let coreClockOffsetMs = 0;
let reference: ReferenceApp;

beforeAll(async () => {
  ours = await startSessionApp({ now: () => Date.now() + coreClockOffsetMs });
  reference = await startReferenceApp(ours.coreURL);
});

afterAll(async () => {
  await reference?.close();
  await ours?.close();
});

function both(flow: (browser: Browser, userId: string) => Promise<Answer>) {
  return runBoth(ours.url, reference.url, flow);
}

describe("FDI parity with supertokens-node 24.0.3", () => {
  it("session creation in cookie mode", async () => {
    const { ours: a, reference: b } = await both((br, id) =>
      br.post("/create", { userId: id, payload: { k: 1 } }, { "st-auth-mode": "cookie" }),
    );
    expect(a.cookies.map((c) => c.name)).toEqual(["sAccessToken", "sRefreshToken"]);
    expect(a).toEqual(b);
  });

  it("session creation in header mode, and with no st-auth-mode", async () => {
    for (const headers of [{ "st-auth-mode": "header" }, {}]) {
      const { ours: a, reference: b } = await both((br, id) => br.post("/create", { userId: id }, headers));
      expect(a).toEqual(b);
    }
  });

  it("a verified request, a request without session, and one with a foreign Bearer", async () => {
    const verified = sameUserIds(
      await both(async (br, id) => {
        await br.post("/create", { userId: id }, { "st-auth-mode": "cookie" });
        return br.get("/protected");
      }),
    );
    expect(verified.ours).toEqual(verified.reference);
    const none = await both((br) => br.get("/protected"));
    expect(none.ours).toEqual(none.reference);
    const foreign = await both((br) => br.get("/protected", { authorization: "Bearer abc" }));
    expect(foreign.ours).toEqual(foreign.reference);
  });

  it("refresh in cookie and header mode, and first use of the refreshed token", async () => {
    const cookie = await both(async (br, id) => {
      await br.post("/create", { userId: id }, { "st-auth-mode": "cookie" });
      return br.send("POST", "/auth/session/refresh", { headers: { rid: "session" } });
    });
    expect(cookie.ours).toEqual(cookie.reference);
    const header = await both(async (br, id) => {
      const created = await br.post("/create", { userId: id }, { "st-auth-mode": "header" });
      return br.send("POST", "/auth/session/refresh", {
        headers: { rid: "session", authorization: `Bearer ${created.headers.get("st-refresh-token")}` },
      });
    });
    expect(header.ours).toEqual(header.reference);
    const firstUse = sameUserIds(
      await both(async (br, id) => {
        await br.post("/create", { userId: id }, { "st-auth-mode": "cookie" });
        await br.send("POST", "/auth/session/refresh", { headers: { rid: "session" } });
        return br.get("/protected");
      }),
    );
    expect(firstUse.ours).toEqual(firstUse.reference);
  });

  it("refresh without a refresh token, with a stray access token, and with a bad one", async () => {
    const none = await both((br) =>
      br.send("POST", "/auth/session/refresh", { headers: { rid: "session" } }),
    );
    expect(none.ours).toEqual(none.reference);
    const stray = await both(async (br, id) => {
      await br.post("/create", { userId: id }, { "st-auth-mode": "cookie" });
      br.jar.delete("sRefreshToken");
      return br.send("POST", "/auth/session/refresh", { headers: { rid: "session" } });
    });
    expect(stray.ours).toEqual(stray.reference);
    const bad = await both((br) =>
      br.send("POST", "/auth/session/refresh", { headers: { rid: "session", authorization: "Bearer nope" } }),
    );
    expect(bad.ours).toEqual(bad.reference);
  });

  it("sign-out in cookie and header mode, and without a session", async () => {
    const cookie = await both(async (br, id) => {
      await br.post("/create", { userId: id }, { "st-auth-mode": "cookie" });
      return br.send("POST", "/auth/signout", { headers: { rid: "session" } });
    });
    expect(cookie.ours).toEqual(cookie.reference);
    const header = await both(async (br, id) => {
      const created = await br.post("/create", { userId: id }, { "st-auth-mode": "header" });
      return br.send("POST", "/auth/signout", {
        headers: { rid: "session", authorization: `Bearer ${created.headers.get("st-access-token")}` },
      });
    });
    expect(header.ours).toEqual(header.reference);
    const none = await both((br) => br.send("POST", "/auth/signout", { headers: { rid: "session" } }));
    expect(none.ours).toEqual(none.reference);
  });

  it("an expired access token, and duplicate sAccessToken cookies (try refresh token)", async () => {
    const oursBrowser = new Browser(ours.url);
    const referenceBrowser = new Browser(reference.url);
    coreClockOffsetMs = -2 * 3600 * 1000;
    try {
      await oursBrowser.post("/create", { userId: "parity-expired-1" }, { "st-auth-mode": "cookie" });
      await referenceBrowser.post("/create", { userId: "parity-expired-2" }, { "st-auth-mode": "cookie" });
    } finally {
      coreClockOffsetMs = 0;
    }
    const expired = {
      ours: shape(await oursBrowser.get("/protected")),
      reference: shape(await referenceBrowser.get("/protected")),
    };
    expect(expired.ours).toEqual(expired.reference);
    expect(expired.ours.body).toEqual({ message: "try refresh token" });
    const duplicate = await both(async (br, id) => {
      await br.post("/create", { userId: id }, { "st-auth-mode": "cookie" });
      const token = br.jar.get("sAccessToken");
      return br.get("/protected", { cookie: `sAccessToken=${token}; sAccessToken=${token}` });
    });
    expect(duplicate.ours).toEqual(duplicate.reference);
  });
});
