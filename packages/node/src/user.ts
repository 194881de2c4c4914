/** The account-linking user (docs/protocol/cdi.md §3 "User object U", docs/protocol/fdi.md §2 "User object"). */
import RecipeUserId from "./recipe-user-id";
import type { JSONObject } from "./types";

export type LoginMethodRecipeId = "emailpassword" | "thirdparty" | "passwordless" | "webauthn";

export interface LoginMethodJSON {
  recipeId: LoginMethodRecipeId;
  recipeUserId: string;
  tenantIds: string[];
  email?: string;
  phoneNumber?: string;
  thirdParty?: { id: string; userId: string };
  webauthn?: { credentialIds: string[] };
  verified: boolean;
  timeJoined: number;
}

export interface UserJSON {
  id: string;
  timeJoined: number;
  isPrimaryUser: boolean;
  emails: string[];
  phoneNumbers: string[];
  tenantIds: string[];
  thirdParty: Array<{ id: string; userId: string }>;
  webauthn: { credentialIds: string[] };
  loginMethods: LoginMethodJSON[];
}

export class LoginMethod {
  readonly recipeId: LoginMethodRecipeId;
  readonly recipeUserId: RecipeUserId;
  readonly tenantIds: string[];
  readonly email?: string;
  readonly phoneNumber?: string;
  readonly thirdParty?: { id: string; userId: string };
  readonly webauthn?: { credentialIds: string[] };
  readonly verified: boolean;
  readonly timeJoined: number;

  constructor(json: LoginMethodJSON) {
    this.recipeId = json.recipeId;
    this.recipeUserId = new RecipeUserId(json.recipeUserId);
    this.tenantIds = json.tenantIds;
    this.email = json.email;
    this.phoneNumber = json.phoneNumber;
    this.thirdParty = json.thirdParty;
    this.webauthn = json.webauthn;
    this.verified = json.verified;
    this.timeJoined = json.timeJoined;
  }

  /** The core stores emails trimmed and lower-cased (docs/protocol/cdi.md §3), so compare that way. */
  hasSameEmailAs(email: string | undefined): boolean {
    return email !== undefined && this.email !== undefined && this.email === email.trim().toLowerCase();
  }

  hasSamePhoneNumberAs(phoneNumber: string | undefined): boolean {
    return (
      phoneNumber !== undefined && this.phoneNumber !== undefined && this.phoneNumber === phoneNumber.trim()
    );
  }

  hasSameThirdPartyInfoAs(thirdParty?: { id: string; userId: string }): boolean {
    if (thirdParty === undefined || this.thirdParty === undefined) return false;
    return (
      this.thirdParty.id.trim() === thirdParty.id.trim() &&
      this.thirdParty.userId.trim() === thirdParty.userId.trim()
    );
  }

  hasSameWebauthnInfoAs(webauthn?: { credentialId: string }): boolean {
    return (
      webauthn !== undefined &&
      this.webauthn !== undefined &&
      this.webauthn.credentialIds.includes(webauthn.credentialId)
    );
  }

  toJson(): JSONObject {
    return {
      recipeId: this.recipeId,
      recipeUserId: this.recipeUserId.getAsString(),
      tenantIds: this.tenantIds,
      email: this.email,
      phoneNumber: this.phoneNumber,
      thirdParty: this.thirdParty,
      webauthn: this.webauthn,
      verified: this.verified,
      timeJoined: this.timeJoined,
    };
  }
}

export class User {
  readonly id: string;
  readonly isPrimaryUser: boolean;
  readonly tenantIds: string[];
  readonly emails: string[];
  readonly phoneNumbers: string[];
  readonly thirdParty: Array<{ id: string; userId: string }>;
  readonly webauthn: { credentialIds: string[] };
  readonly loginMethods: LoginMethod[];
  readonly timeJoined: number;

  constructor(json: UserJSON) {
    this.id = json.id;
    this.isPrimaryUser = json.isPrimaryUser;
    this.tenantIds = json.tenantIds;
    this.emails = json.emails;
    this.phoneNumbers = json.phoneNumbers;
    this.thirdParty = json.thirdParty;
    this.webauthn = json.webauthn ?? { credentialIds: [] };
    this.loginMethods = json.loginMethods.map((m) => new LoginMethod(m));
    this.timeJoined = json.timeJoined;
  }

  static fromApi(json: UserJSON): User {
    return new User(json);
  }

  toJson(): JSONObject {
    return {
      id: this.id,
      isPrimaryUser: this.isPrimaryUser,
      tenantIds: this.tenantIds,
      emails: this.emails,
      phoneNumbers: this.phoneNumbers,
      thirdParty: this.thirdParty,
      webauthn: this.webauthn,
      loginMethods: this.loginMethods.map((m) => m.toJson()),
      timeJoined: this.timeJoined,
    };
  }
}
