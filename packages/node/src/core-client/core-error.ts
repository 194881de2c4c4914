import type { CoreMethod } from "./types";

/**
 * The official SDK's text for a non-200 core answer (docs/protocol/cdi.md §2). Kept verbatim: user code
 * and SuperTokens' own tooling match on it.
 */
export function coreStatusError(
  method: CoreMethod,
  path: string,
  status: number,
  text: string,
): CoreStatusError {
  return new CoreStatusError(method, path, status, text);
}

/** A non-200 core answer, with its parts kept so callers branch on status, not on the text. */
export class CoreStatusError extends Error {
  constructor(
    readonly method: CoreMethod,
    readonly path: string,
    readonly status: number,
    readonly coreMessage: string,
  ) {
    super(
      `SuperTokens core threw an error for a ${method} request to path: '${path}' with status code: ${status} and message: ${coreMessage}`,
    );
  }
}

/**
 * The core's 400 for a tenant (or app) it does not have (docs/protocol/cdi.md §3 conventions). The tenant
 * in an FDI path is user input, so the SDK answers it as bad input rather than a 500.
 */
export function isUnknownTenantError(err: unknown): boolean {
  return (
    err instanceof CoreStatusError &&
    err.status === 400 &&
    err.coreMessage.startsWith("AppId or tenantId not found")
  );
}

export const NOT_COMPATIBLE_MESSAGE =
  "The running SuperTokens core version is not compatible with this NodeJS SDK. Please visit https://supertokens.io/docs/community/compatibility to find the right versions";

export const NO_CORE_AVAILABLE_MESSAGE = "No SuperTokens core available to query";

/** docs/protocol/cdi.md §2: the SDK picks the largest version both sides list. */
export function largestCommonVersion(serverVersions: unknown, ours: readonly string[]): string | undefined {
  if (!Array.isArray(serverVersions)) return undefined;
  const common = serverVersions.filter((v): v is string => typeof v === "string" && ours.includes(v));
  return common.sort(compareVersions).at(-1);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
