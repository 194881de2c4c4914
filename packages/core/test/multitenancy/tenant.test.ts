/** Multitenancy reads (docs/protocol/cdi.md §3 "Multitenancy"): the SDK asks tenant/v2 in every sign-in/up (§4). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { startPasswordlessCore, type PasswordlessTestCore } from "../support/passwordless";

describe.each(testEngines())("GET /<t>/recipe/multitenancy/tenant/v2 (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => (t = await startPasswordlessCore(engine)));
  afterAll(() => t?.close());

  it("answers the default public tenant with exactly the notes' JSON (firstFactors omitted)", async () => {
    const reply = await t.client.send("GET", "/public/recipe/multitenancy/tenant/v2", {
      rid: "multitenancy",
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(
      '{"tenantId":"public","thirdParty":{"providers":[]},"coreConfig":{},"status":"OK"}',
    );
  });

  it("answers the same without a tenant segment", async () => {
    const reply = await t.client.send("GET", "/recipe/multitenancy/tenant/v2", { rid: "multitenancy" });
    expect(reply.body.tenantId).toBe("public");
  });

  it("answers a created tenant with its id", async () => {
    await t.core.core.services.storage.tenants.create("public", "acme", Date.now());
    const reply = await t.client.send("GET", "/acme/recipe/multitenancy/tenant/v2", { rid: "multitenancy" });
    expect(reply.text).toBe(
      '{"tenantId":"acme","thirdParty":{"providers":[]},"coreConfig":{},"status":"OK"}',
    );
  });

  it("answers 400 for a tenant that does not exist (the CDI tenant check runs first)", async () => {
    const reply = await t.client.send("GET", "/nosuch/recipe/multitenancy/tenant/v2", {
      rid: "multitenancy",
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain("AppId or tenantId not found");
  });
});

describe.each(testEngines())("GET /recipe/multitenancy/tenant/list/v2 (%s)", (engine) => {
  let t: PasswordlessTestCore;
  beforeAll(async () => (t = await startPasswordlessCore(engine)));
  afterAll(() => t?.close());

  it("lists every tenant of the app in the tenant/v2 shape", async () => {
    await t.core.core.services.storage.tenants.create("public", "zeta", Date.now() + 1000);
    const reply = await t.client.send("GET", "/recipe/multitenancy/tenant/list/v2", { rid: "multitenancy" });
    expect(reply.body).toEqual({
      status: "OK",
      tenants: [
        { tenantId: "public", thirdParty: { providers: [] }, coreConfig: {} },
        { tenantId: "zeta", thirdParty: { providers: [] }, coreConfig: {} },
      ],
    });
  });

  it("is app-level: a non-public tenant prefix gets 403", async () => {
    const reply = await t.client.send("GET", "/zeta/recipe/multitenancy/tenant/list/v2", {
      rid: "multitenancy",
    });
    expect(reply.status).toBe(403);
  });
});
