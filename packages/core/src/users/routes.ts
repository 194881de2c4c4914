/**
 * User endpoints of docs/protocol/cdi.md §3 "Core": `/user/id`, `/<t>/users/by-accountinfo`,
 * `/<t>/users`, `/<t>/users/count`, `/user/remove`. The HTTP edge: raw input becomes typed
 * values here (400 before anything changes), the logic is in service.ts.
 *
 * The official SDK calls `GET /user/id` inside every `createNewSession`, and treats
 * UNKNOWN_USER_ID_ERROR as "this id is its own primary user" (custom or external ids): for an
 * unknown id the answer costs one primary-key read.
 */
import { BadRequestError } from "../http/errors";
import type { InputReader, Route } from "../http/route";
import { normaliseEmail, normalisePhoneNumber } from "./account-info";
import { decodePaginationToken, encodePaginationToken } from "./pagination-token";
import { getUserById, getUsersByAccountInfo, removeUser } from "./service";
import { userJson } from "./user-object";

/** Recipes that own users (the `recipeId` of a login method). */
const AUTH_RECIPE_IDS = new Set(["emailpassword", "thirdparty", "passwordless", "webauthn"]);

/** GET /<t>/users: default and largest page, as SuperTokens core. */
const DEFAULT_USERS_LIMIT = 100;
const MAX_USERS_LIMIT = 500;

function recipeIds(input: InputReader, name: string, separator: string): string[] | undefined {
  const raw = input.optionalString(name);
  if (raw === undefined) return undefined;
  const ids = raw
    .split(separator)
    .map((id) => id.trim())
    .filter((id) => id !== "");
  for (const id of ids) if (!AUTH_RECIPE_IDS.has(id)) throw new BadRequestError(`Unknown recipe ID: ${id}`);
  return ids;
}

/** Dashboard search terms: `;`-separated, empty terms dropped. */
function searchTerms(
  input: InputReader,
  name: string,
  normalise: (term: string) => string,
): string[] | undefined {
  const raw = input.optionalString(name);
  if (raw === undefined) return undefined;
  const terms = raw
    .split(";")
    .map(normalise)
    .filter((term) => term !== "");
  return terms.length > 0 ? terms : undefined;
}

function nonEmpty(input: InputReader, name: string): string | undefined {
  const value = input.optionalString(name);
  if (value !== undefined && value.trim() === "")
    throw new BadRequestError(`Field name '${name}' is invalid in GET request: expected a non-empty string`);
  return value;
}

export const userRoutes: Route[] = [
  {
    method: "GET",
    path: "/user/id",
    level: "app",
    async handler({ query, scope, services }) {
      const user = await getUserById(services.storage, scope.appId, query.string("userId"));
      return user === undefined ? { status: "UNKNOWN_USER_ID_ERROR" } : { status: "OK", user };
    },
  },
  {
    method: "GET",
    path: "/users/by-accountinfo",
    level: "tenant",
    async handler({ query, scope, services }) {
      const doUnionOfAccountInfo = query.boolean("doUnionOfAccountInfo");
      const email = nonEmpty(query, "email");
      const phoneNumber = nonEmpty(query, "phoneNumber");
      const thirdPartyId = nonEmpty(query, "thirdPartyId");
      const thirdPartyUserId = nonEmpty(query, "thirdPartyUserId");
      const webauthnCredentialId = nonEmpty(query, "webauthnCredentialId");
      if ((thirdPartyId === undefined) !== (thirdPartyUserId === undefined))
        throw new BadRequestError("thirdPartyId and thirdPartyUserId must be given together");
      if (
        email === undefined &&
        phoneNumber === undefined &&
        thirdPartyId === undefined &&
        webauthnCredentialId === undefined
      )
        throw new BadRequestError(
          "Please provide at least one of email, phoneNumber, thirdPartyId with thirdPartyUserId, or webauthnCredentialId",
        );
      const users = await getUsersByAccountInfo(services.storage, scope.appId, scope.tenantId, {
        email: email === undefined ? undefined : normaliseEmail(email),
        phoneNumber: phoneNumber === undefined ? undefined : normalisePhoneNumber(phoneNumber),
        thirdParty:
          thirdPartyId === undefined ? undefined : { id: thirdPartyId, userId: thirdPartyUserId as string },
        webauthnCredentialId,
        doUnionOfAccountInfo,
      });
      return { status: "OK", users };
    },
  },
  {
    method: "GET",
    path: "/users",
    level: "tenant",
    async handler({ query, scope, services }) {
      const limit = query.optionalNumber("limit") ?? DEFAULT_USERS_LIMIT;
      if (!Number.isInteger(limit) || limit < 1)
        throw new BadRequestError("limit must a positive integer with min value 1");
      if (limit > MAX_USERS_LIMIT) throw new BadRequestError(`max limit allowed is ${MAX_USERS_LIMIT}`);
      const order = query.optionalString("timeJoinedOrder") ?? "ASC";
      if (order !== "ASC" && order !== "DESC")
        throw new BadRequestError("timeJoinedOrder can be either ASC OR DESC");
      const token = query.optionalString("paginationToken");
      const after = token === undefined ? undefined : decodePaginationToken(token);

      let included = recipeIds(query, "includeRecipeIds", ",");
      const recipeFilter = recipeIds(query, "recipe", ";");
      if (recipeFilter !== undefined)
        included = included === undefined ? recipeFilter : included.filter((id) => recipeFilter.includes(id));
      // An intersection that left nothing matches nobody (not "every recipe").
      if (included !== undefined && included.length === 0 && recipeFilter !== undefined)
        return { status: "OK", users: [] };

      const page = await services.storage.users.listPrimaryUserIds({
        appId: scope.appId,
        tenantId: scope.tenantId,
        recipeIds: included,
        order,
        limit: limit + 1,
        after,
        emailPrefixes: searchTerms(query, "email", normaliseEmail),
        phonePrefixes: searchTerms(query, "phone", (term) => term.trim()),
        thirdPartyIds: searchTerms(query, "provider", (term) => term.trim()),
      });
      const more = page.length > limit;
      const shown = more ? page.slice(0, limit) : page;
      const users = await services.storage.users.getUsers(
        scope.appId,
        shown.map((entry) => entry.userId),
      );
      const answer: Record<string, unknown> = { status: "OK", users: users.map(userJson) };
      if (more) answer.nextPaginationToken = encodePaginationToken(shown[shown.length - 1]);
      return answer;
    },
  },
  {
    method: "GET",
    path: "/users/count",
    level: "tenant",
    async handler({ query, scope, services }) {
      const includeAllTenants = query.optionalBoolean("includeAllTenants") ?? false;
      const count = await services.storage.users.countPrimaryUsers(
        scope.appId,
        includeAllTenants ? undefined : scope.tenantId,
        recipeIds(query, "includeRecipeIds", ","),
      );
      return { status: "OK", count };
    },
  },
  {
    method: "POST",
    path: "/user/remove",
    level: "app",
    async handler({ body, scope, services }) {
      const userId = body.string("userId");
      if (userId === "")
        throw new BadRequestError(
          "Field name 'userId' is invalid in JSON input: expected a non-empty string",
        );
      await removeUser(
        services.storage,
        scope.appId,
        userId,
        body.optionalBoolean("removeAllLinkedAccounts") ?? true,
      );
      return { status: "OK" };
    },
  },
];
