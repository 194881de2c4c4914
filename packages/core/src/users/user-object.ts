/**
 * The user object `U` of docs/protocol/cdi.md §3 ("Core"), as every user-returning endpoint sends it.
 * Field order follows SuperTokens core's JSON (clients do not depend on it, but diffs read better).
 */
import type { LoginMethodRecord, UserRecord } from "../storage/types";

export interface LoginMethodJson {
  tenantIds: string[];
  recipeUserId: string;
  verified: boolean;
  timeJoined: number;
  recipeId: string;
  email?: string;
  phoneNumber?: string;
  thirdParty?: { id: string; userId: string };
}

export interface UserJson {
  id: string;
  isPrimaryUser: boolean;
  tenantIds: string[];
  timeJoined: number;
  emails: string[];
  phoneNumbers: string[];
  thirdParty: { id: string; userId: string }[];
  webauthn: { credentialIds: string[] };
  loginMethods: LoginMethodJson[];
}

function loginMethodJson(method: LoginMethodRecord): LoginMethodJson {
  const json: LoginMethodJson = {
    tenantIds: [...method.tenantIds],
    recipeUserId: method.recipeUserId,
    verified: method.verified,
    timeJoined: method.timeJoined,
    recipeId: method.recipeId,
  };
  if (method.email !== undefined) json.email = method.email;
  if (method.phoneNumber !== undefined) json.phoneNumber = method.phoneNumber;
  if (method.thirdParty !== undefined) json.thirdParty = { ...method.thirdParty };
  return json;
}

function distinct<T>(values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function userJson(user: UserRecord): UserJson {
  const methods = user.loginMethods;
  return {
    id: user.id,
    isPrimaryUser: user.isPrimaryUser,
    tenantIds: distinct(
      methods.flatMap((m) => m.tenantIds),
      (t) => t,
    ).sort(),
    timeJoined: user.timeJoined,
    emails: distinct(
      methods.flatMap((m) => (m.email !== undefined ? [m.email] : [])),
      (e) => e,
    ),
    phoneNumbers: distinct(
      methods.flatMap((m) => (m.phoneNumber !== undefined ? [m.phoneNumber] : [])),
      (p) => p,
    ),
    thirdParty: distinct(
      methods.flatMap((m) => (m.thirdParty !== undefined ? [{ ...m.thirdParty }] : [])),
      (tp) => `${tp.id}\n${tp.userId}`,
    ),
    webauthn: { credentialIds: [] },
    loginMethods: methods.map(loginMethodJson),
  };
}
