/**
 * The user-listing and tenant calls the official supertokens-node@24.0.3 makes around a
 * passwordless sign-in (docs/protocol/cdi.md §3 "Core" users endpoints, "Multitenancy"
 * `GET /<t>/recipe/multitenancy/tenant/v2`), against our core on a fresh database per engine,
 * so counts and order are this file's own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../support/databases";
import { Multitenancy, Passwordless, supertokens } from "./support/official-passwordless";
import {
  newEmail,
  newPhoneNumber,
  startPasswordlessCompat,
  type PasswordlessCompat,
} from "./support/passwordless-compat";

describe.each(testEngines())("official SDK users and tenant calls against the core (%s)", (engine) => {
  let compat: PasswordlessCompat;
  /** Signed up in this order, one after another. */
  const signedUp: Array<{ id: string; email?: string; phoneNumber?: string }> = [];

  beforeAll(async () => {
    compat = await startPasswordlessCompat(engine);
    for (const contact of [{ email: newEmail() }, { phoneNumber: newPhoneNumber() }, { email: newEmail() }]) {
      const result = await Passwordless.signInUp({ tenantId: "public", ...contact });
      signedUp.push({ id: result.user.id, ...contact });
      // Distinct timeJoined values, so the order is defined.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });

  afterAll(async () => {
    await compat?.close();
  });

  describe("supertokens.getUserCount", () => {
    it("counts the passwordless users", async () => {
      expect(await supertokens.getUserCount()).toBe(3);
      expect(await supertokens.getUserCount(["passwordless"])).toBe(3);
      expect(await supertokens.getUserCount(["emailpassword"])).toBe(0);
    });

    it("counts per tenant", async () => {
      expect(await supertokens.getUserCount(undefined, "public")).toBe(3);
    });
  });

  describe("supertokens.getUsersNewestFirst / getUsersOldestFirst", () => {
    it("lists the users newest first", async () => {
      const page = await supertokens.getUsersNewestFirst({ tenantId: "public" });

      expect(page.users.map((user: any) => user.id)).toEqual(signedUp.map((user) => user.id).reverse());
      expect(page.nextPaginationToken).toBeUndefined();
      expect(page.users[0].loginMethods[0].recipeId).toBe("passwordless");
    });

    it("pages oldest first with the pagination token", async () => {
      const first = await supertokens.getUsersOldestFirst({ tenantId: "public", limit: 2 });
      const second = await supertokens.getUsersOldestFirst({
        tenantId: "public",
        limit: 2,
        paginationToken: first.nextPaginationToken,
      });

      expect(first.users.map((user: any) => user.id)).toEqual(signedUp.slice(0, 2).map((user) => user.id));
      expect(typeof first.nextPaginationToken).toBe("string");
      expect(second.users.map((user: any) => user.id)).toEqual([signedUp[2]!.id]);
      expect(second.nextPaginationToken).toBeUndefined();
    });

    it("filters by email and by phone", async () => {
      const byEmail = await supertokens.getUsersNewestFirst({
        tenantId: "public",
        query: { email: signedUp[0]!.email! },
      });
      const byPhone = await supertokens.getUsersNewestFirst({
        tenantId: "public",
        query: { phone: signedUp[1]!.phoneNumber! },
      });

      expect(byEmail.users.map((user: any) => user.id)).toEqual([signedUp[0]!.id]);
      expect(byPhone.users.map((user: any) => user.id)).toEqual([signedUp[1]!.id]);
    });
  });

  describe("Multitenancy.getTenant", () => {
    it("returns the default public tenant with no providers and all first factors allowed", async () => {
      const tenant = await Multitenancy.getTenant("public");

      expect(tenant).toEqual({
        status: "OK",
        tenantId: "public",
        thirdParty: { providers: [] },
        coreConfig: {},
      });
    });
  });
});
