/**
 * The door recipes use to reach the core: `getCoreClient("session").post(…)`. `init()` picks the
 * transport once (http or embedded, normalise/connection.ts); every client shares it.
 */
import type { CoreConnection } from "../normalise/connection";
import type { UserContext } from "../user-context";
import { EmbeddedTransport } from "./embedded";
import { HttpTransport, resetHttpTransportState } from "./http";
import type { CoreCall, CoreClient, CoreMethod, CoreQuery, CoreTransport, JWKSResult } from "./types";
import { isRecipePath } from "./wire";

export type { CoreClient, CoreQuery, JWKSResult } from "./types";
export { CDI_VERSION } from "./types";

let currentTransport: CoreTransport | undefined;

export function createCoreTransport(
  connection: CoreConnection,
  handshakeParams: (userContext: UserContext) => { apiDomain: string; websiteDomain: string },
): CoreTransport {
  if (connection.transport === "http") {
    return new HttpTransport({
      hosts: connection.hosts,
      apiKey: connection.apiKey,
      networkInterceptor: connection.networkInterceptor,
      handshakeParams,
    });
  }
  return new EmbeddedTransport(connection);
}

/** Called by `init()` (and with `undefined` by `reset()`). */
export function setCoreTransport(transport: CoreTransport | undefined): void {
  currentTransport = transport;
  resetHttpTransportState();
}

/**
 * A client for one recipe: its id goes out as `rid` on recipe paths (docs/protocol/cdi.md §2). Internal:
 * for recipes, not exported from the package root.
 */
export function getCoreClient(recipeId?: string): CoreClient {
  if (currentTransport === undefined) {
    throw new Error("Please call the supertokens.init function before using SuperTokens");
  }
  return new RecipeCoreClient(currentTransport, recipeId);
}

class RecipeCoreClient implements CoreClient {
  constructor(
    private readonly transport: CoreTransport,
    private readonly recipeId: string | undefined,
  ) {}

  get<T>(path: string, query?: CoreQuery, userContext?: unknown): Promise<T> {
    return this.send("GET", path, undefined, query, userContext);
  }
  post<T>(path: string, body: unknown, userContext?: unknown): Promise<T> {
    return this.send("POST", path, body, undefined, userContext);
  }
  put<T>(path: string, body: unknown, query?: CoreQuery, userContext?: unknown): Promise<T> {
    return this.send("PUT", path, body, query, userContext);
  }
  patch<T>(path: string, body: unknown, query?: CoreQuery, userContext?: unknown): Promise<T> {
    return this.send("PATCH", path, body, query, userContext);
  }
  delete<T>(path: string, body?: unknown, query?: CoreQuery, userContext?: unknown): Promise<T> {
    return this.send("DELETE", path, body, query, userContext);
  }
  getJWKS(): Promise<JWKSResult> {
    return this.transport.getJWKS();
  }
  close(): Promise<void> {
    return this.transport.close();
  }

  private send<T>(
    method: CoreMethod,
    path: string,
    body: unknown,
    query: CoreQuery | undefined,
    userContext: unknown,
  ): Promise<T> {
    const call: CoreCall = {
      method,
      path,
      query,
      body,
      rid: this.recipeId !== undefined && isRecipePath(path) ? this.recipeId : undefined,
      userContext: (userContext as UserContext | undefined) ?? {},
    };
    return this.transport.call(call) as Promise<T>;
  }
}
