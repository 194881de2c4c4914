/** External user id mapping (supertokens-node root functions; core `/recipe/userid/map*`, rid `useridmapping`). */
import { getCoreClient } from "./core-client";
import { getUserContext } from "./user-context";

export type UserIdType = "SUPERTOKENS" | "EXTERNAL" | "ANY";
const client = () => getCoreClient("useridmapping");

export function createUserIdMapping(input: {
  superTokensUserId: string;
  externalUserId: string;
  externalUserIdInfo?: string;
  force?: boolean;
  userContext?: Record<string, any>;
}): Promise<
  | { status: "OK" | "UNKNOWN_SUPERTOKENS_USER_ID_ERROR" }
  | {
      status: "USER_ID_MAPPING_ALREADY_EXISTS_ERROR";
      doesSuperTokensUserIdExist: boolean;
      doesExternalUserIdExist: boolean;
    }
> {
  return client().post(
    "/recipe/userid/map",
    {
      superTokensUserId: input.superTokensUserId,
      externalUserId: input.externalUserId,
      externalUserIdInfo: input.externalUserIdInfo,
      force: input.force,
    },
    getUserContext(input.userContext),
  );
}

export function getUserIdMapping(input: {
  userId: string;
  userIdType?: UserIdType;
  userContext?: Record<string, any>;
}): Promise<
  | {
      status: "OK";
      superTokensUserId: string;
      externalUserId: string;
      externalUserIdInfo: string | undefined;
    }
  | { status: "UNKNOWN_MAPPING_ERROR" }
> {
  return client().get(
    "/recipe/userid/map",
    { userId: input.userId, userIdType: input.userIdType },
    getUserContext(input.userContext),
  );
}

export function deleteUserIdMapping(input: {
  userId: string;
  userIdType?: UserIdType;
  force?: boolean;
  userContext?: Record<string, any>;
}): Promise<{ status: "OK"; didMappingExist: boolean }> {
  return client().post(
    "/recipe/userid/map/remove",
    { userId: input.userId, userIdType: input.userIdType, force: input.force },
    getUserContext(input.userContext),
  );
}

export function updateOrDeleteUserIdMappingInfo(input: {
  userId: string;
  userIdType?: UserIdType;
  externalUserIdInfo?: string;
  userContext?: Record<string, any>;
}): Promise<{ status: "OK" | "UNKNOWN_MAPPING_ERROR" }> {
  return client().put(
    "/recipe/userid/external-user-id-info",
    {
      userId: input.userId,
      userIdType: input.userIdType,
      externalUserIdInfo: input.externalUserIdInfo ?? null,
    },
    undefined,
    getUserContext(input.userContext),
  );
}
