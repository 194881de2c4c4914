/**
 * Turns FDI request bodies into typed values once (STYLE.md "parse, don't check"). Anything
 * malformed is a 400 `{message}` that changes nothing (docs/protocol/fdi.md §2 error shapes).
 */
import type { SdkRequest, SdkResponse } from "../../../framework/types";
import type { UserContext } from "../../../user-context";
import SessionRecipe from "../../session/recipe";
import { getSessionFromRequest } from "../../session/session-request-functions";
import type { SessionContainerInterface } from "../../session/types";
import { badInput } from "../error";

export type Body = Record<string, unknown>;

export async function readBody(req: SdkRequest): Promise<Body> {
  const body = await req.getJSONBody();
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badInput("The request body must be a JSON object");
  }
  return body as Body;
}

export function optionalString(body: Body, key: string): string | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw badInput(`${key} must be a string`);
  return value;
}

export function requiredString(body: Body, key: string): string {
  const value = optionalString(body, key);
  if (value === undefined) throw badInput(`Please provide ${key}`);
  return value;
}

export function shouldTryLinking(body: Body): boolean | undefined {
  const value = body.shouldTryLinkingWithSessionUser;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw badInput("shouldTryLinkingWithSessionUser must be a boolean");
  return value;
}

/**
 * docs/protocol/fdi.md §2 `shouldTryLinkingWithSessionUser`: `true` requires a session (401 without one);
 * `false` or missing ignores any session, so nothing is read on the common path.
 */
export async function sessionForLinking(
  shouldTryLinkingWithSessionUser: boolean | undefined,
  req: SdkRequest,
  res: SdkResponse,
  userContext: UserContext,
): Promise<SessionContainerInterface | undefined> {
  if (shouldTryLinkingWithSessionUser !== true) return undefined;
  return getSessionFromRequest(
    SessionRecipe.getInstanceOrThrowError().getRequestFlowDeps(),
    req,
    res,
    { sessionRequired: true, overrideGlobalClaimValidators: () => [] },
    userContext,
  );
}
