import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollectingResponse, PreParsedRequest } from "../../src/framework/custom";
import * as Session from "../../src/recipe/session/index";
import { verifySession } from "../../src/recipe/session/framework/custom";
import RecipeUserId from "../../src/recipe-user-id";
import { startSessionApp, type SessionApp } from "../support/session-app";

let app: SessionApp;
beforeAll(async () => {
  app = await startSessionApp();
});
afterAll(async () => {
  await app?.close();
});

function preParsed(cookies: Record<string, string>, setSession?: (s: unknown) => void) {
  return new PreParsedRequest({
    url: "http://localhost:3001/protected",
    method: "get",
    headers: new Headers(),
    cookies,
    query: {},
    getJSONBody: async () => ({}),
    getFormBody: async () => ({}),
    setSession,
  });
}

describe("verifySession for the custom framework (PreParsedRequest / CollectingResponse)", () => {
  it("sets the session on the request and calls next()", async () => {
    const created = await Session.createNewSessionWithoutRequestResponse("public", new RecipeUserId("cf-1"));
    let attached: any;
    const req = preParsed({ sAccessToken: created.getAccessToken() }, (s) => (attached = s));
    let nextCalls = 0;
    await verifySession()(req, new CollectingResponse(), () => nextCalls++);
    expect(nextCalls).toBe(1);
    expect((req as any).session.getUserId()).toBe("cf-1");
    expect(attached.getUserId()).toBe("cf-1");
  });

  it("answers 401 unauthorised on the CollectingResponse without a session", async () => {
    const res = new CollectingResponse();
    let nextCalls = 0;
    await verifySession()(preParsed({}), res, () => nextCalls++);
    expect(nextCalls).toBe(0);
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body!)).toEqual({ message: "unauthorised" });
  });
});
