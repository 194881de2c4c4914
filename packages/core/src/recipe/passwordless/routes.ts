/**
 * The CDI passwordless endpoints (docs/protocol/cdi.md §3 "Passwordless", rid `passwordless`). The HTTP
 * edge: exactly-one-of rules, types and normalisation are settled here (400 before anything
 * changes); the logic is in service.ts.
 */
import { BadRequestError } from "../../http/errors";
import type { CoreServices, InputReader, Route, RouteContext } from "../../http/route";
import { normaliseEmail, normalisePhoneNumber } from "../../users/account-info";
import { PasswordlessService, type CodeProof } from "./service";

const servicesByCore = new WeakMap<CoreServices, PasswordlessService>();

function passwordless(ctx: RouteContext): PasswordlessService {
  let service = servicesByCore.get(ctx.services);
  if (service === undefined) {
    service = new PasswordlessService(ctx.services);
    servicesByCore.set(ctx.services, service);
  }
  return service;
}

/** Exactly one of `names` is present; returns it. */
function exactlyOne<N extends string>(input: InputReader, names: readonly N[]): N {
  const present = names.filter((name) => input.has(name) && input.raw(name) !== null);
  if (present.length !== 1) {
    const list = names.map((name) => `'${name}'`).join(", ");
    throw new BadRequestError(`Please provide exactly one of ${list} (got ${present.length})`);
  }
  return present[0];
}

function nonEmptyString(input: InputReader, name: string): string {
  const value = input.string(name);
  if (value.trim() === "")
    throw new BadRequestError(`Field name '${name}' is invalid: expected a non-empty string`);
  return value;
}

function email(input: InputReader, name = "email"): string {
  return normaliseEmail(nonEmptyString(input, name));
}

function phoneNumber(input: InputReader, name = "phoneNumber"): string {
  return normalisePhoneNumber(nonEmptyString(input, name));
}

function optionalUserInputCode(input: InputReader): string | undefined {
  const code = input.optionalString("userInputCode");
  if (code !== undefined && code === "")
    throw new BadRequestError("Field name 'userInputCode' is invalid: expected a non-empty string");
  return code;
}

/** `{preAuthSessionId, linkCode}` or `{preAuthSessionId, deviceId, userInputCode}`. */
function codeProof(input: InputReader): CodeProof {
  const preAuthSessionId = nonEmptyString(input, "preAuthSessionId");
  const hasLinkCode = input.has("linkCode") && input.raw("linkCode") !== null;
  const hasDeviceId = input.has("deviceId") && input.raw("deviceId") !== null;
  if (hasLinkCode === hasDeviceId)
    throw new BadRequestError("Please provide exactly one of 'linkCode' or 'deviceId' with 'userInputCode'");
  if (hasLinkCode) return { preAuthSessionId, linkCode: nonEmptyString(input, "linkCode") };
  return {
    preAuthSessionId,
    deviceId: nonEmptyString(input, "deviceId"),
    userInputCode: nonEmptyString(input, "userInputCode"),
  };
}

/** PUT /recipe/user fields: absent keeps, null clears, a string sets. */
function nullableField(
  input: InputReader,
  name: string,
  normalise: (value: string) => string,
): string | null | undefined {
  if (!input.has(name)) return undefined;
  const value = input.raw(name);
  if (value === null) return null;
  if (typeof value !== "string" || value.trim() === "")
    throw new BadRequestError(
      `Field name '${name}' is invalid in JSON input: expected a non-empty string or null`,
    );
  return normalise(value);
}

export const passwordlessRoutes: Route[] = [
  {
    method: "POST",
    path: "/recipe/signinup/code",
    level: "tenant",
    async handler(ctx) {
      const { body, scope } = ctx;
      const which = exactlyOne(body, ["email", "phoneNumber", "deviceId"] as const);
      const target =
        which === "email"
          ? { email: email(body) }
          : which === "phoneNumber"
            ? { phoneNumber: phoneNumber(body) }
            : { deviceId: nonEmptyString(body, "deviceId") };
      const result = await passwordless(ctx).createCode(
        scope.appId,
        scope.tenantId,
        target,
        optionalUserInputCode(body),
      );
      return { ...result };
    },
  },
  {
    method: "GET",
    path: "/recipe/signinup/codes",
    level: "tenant",
    async handler(ctx) {
      const { query, scope } = ctx;
      const which = exactlyOne(query, ["email", "phoneNumber", "deviceId", "preAuthSessionId"] as const);
      const by =
        which === "email"
          ? { email: email(query) }
          : which === "phoneNumber"
            ? { phoneNumber: phoneNumber(query) }
            : which === "deviceId"
              ? { deviceId: nonEmptyString(query, "deviceId") }
              : { preAuthSessionId: nonEmptyString(query, "preAuthSessionId") };
      return { status: "OK", devices: await passwordless(ctx).listDevices(scope.appId, scope.tenantId, by) };
    },
  },
  {
    method: "POST",
    path: "/recipe/signinup/code/check",
    level: "tenant",
    async handler(ctx) {
      return {
        ...(await passwordless(ctx).checkCode(ctx.scope.appId, ctx.scope.tenantId, codeProof(ctx.body))),
      };
    },
  },
  {
    method: "POST",
    path: "/recipe/signinup/code/consume",
    level: "tenant",
    async handler(ctx) {
      return {
        ...(await passwordless(ctx).consumeCode(ctx.scope.appId, ctx.scope.tenantId, codeProof(ctx.body))),
      };
    },
  },
  {
    method: "POST",
    path: "/recipe/signinup/code/remove",
    level: "tenant",
    async handler(ctx) {
      const which = exactlyOne(ctx.body, ["codeId", "preAuthSessionId"] as const);
      const by =
        which === "codeId"
          ? { codeId: nonEmptyString(ctx.body, "codeId") }
          : { preAuthSessionId: nonEmptyString(ctx.body, "preAuthSessionId") };
      await passwordless(ctx).removeCode(ctx.scope.appId, ctx.scope.tenantId, by);
      return { status: "OK" };
    },
  },
  {
    method: "POST",
    path: "/recipe/signinup/codes/remove",
    level: "tenant",
    async handler(ctx) {
      const which = exactlyOne(ctx.body, ["email", "phoneNumber"] as const);
      const by = which === "email" ? { email: email(ctx.body) } : { phoneNumber: phoneNumber(ctx.body) };
      await passwordless(ctx).removeCodesOf(ctx.scope.appId, ctx.scope.tenantId, by);
      return { status: "OK" };
    },
  },
  {
    method: "PUT",
    path: "/recipe/user",
    rid: "passwordless",
    level: "app",
    async handler(ctx) {
      const recipeUserId = nonEmptyString(ctx.body, "recipeUserId");
      const result = await passwordless(ctx).updateUser(ctx.scope.appId, recipeUserId, {
        email: nullableField(ctx.body, "email", normaliseEmail),
        phoneNumber: nullableField(ctx.body, "phoneNumber", normalisePhoneNumber),
      });
      return { ...result };
    },
  },
];
