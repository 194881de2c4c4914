import type { APIHandled, RecipeModule } from "./recipe-module";

export interface RouteMatch {
  recipe: RecipeModule;
  api: APIHandled;
  tenantId: string;
}

interface Candidate {
  recipe: RecipeModule;
  api: APIHandled;
}

const DEFAULT_TENANT_ID = "public";
const TENANT_ID = /^[a-zA-Z0-9-]+$/;

/**
 * Legacy combined recipe ids the older frontends send (docs/protocol/fdi.md §2 "rid header").
 * `anti-csrf` is what supertokens-website sends as a plain CSRF marker: it names no recipe.
 */
const RID_ALIASES: Record<string, string[]> = {
  thirdpartyemailpassword: ["thirdparty", "emailpassword"],
  thirdpartypasswordless: ["thirdparty", "passwordless"],
};

/**
 * Matches a request path (already under apiBasePath) to one recipe API with a Map lookup, not a
 * scan of every API (the middleware runs on every request under apiBasePath).
 */
export class Router {
  private readonly routes = new Map<string, Candidate[]>();

  constructor(recipes: RecipeModule[]) {
    for (const recipe of recipes) {
      for (const api of recipe.getAPIsHandled()) {
        // A disabled API (override set to undefined) is as if it did not exist: next() runs.
        if (api.disabled) continue;
        const key = routeKey(api.method, api.pathWithoutApiBasePath);
        const list = this.routes.get(key);
        if (list === undefined) this.routes.set(key, [{ recipe, api }]);
        else list.push({ recipe, api });
      }
    }
  }

  /**
   * `pathAfterBase` is what follows apiBasePath, e.g. `/signin` or `/t1/signin`; the rule is
   * `^{basePath}(?:/([a-zA-Z0-9-]+))?(/.*)$` with an exact unprefixed match winning
   * (tenant `public`), docs/protocol/fdi.md §2 "Tenant prefix".
   */
  match(method: string, pathAfterBase: string, rid: string | undefined): RouteMatch | undefined {
    const lowerMethod = method.toLowerCase();
    let path = pathAfterBase;
    if (path.length > 1 && path.endsWith("/")) path = path.slice(0, -1);

    const exact = this.routes.get(routeKey(lowerMethod, path));
    if (exact !== undefined) return pick(exact, rid, DEFAULT_TENANT_ID);

    const slash = path.indexOf("/", 1);
    if (slash === -1) return undefined;
    const tenantId = path.slice(1, slash);
    if (!TENANT_ID.test(tenantId)) return undefined;
    const prefixed = this.routes.get(routeKey(lowerMethod, path.slice(slash)));
    return prefixed === undefined ? undefined : pick(prefixed, rid, tenantId);
  }
}

function routeKey(method: string, path: string): string {
  return `${method} ${path}`;
}

/** A recipe-id `rid` narrows the choice; when it names none of them, the path alone decides (docs/protocol/fdi.md §2). */
function pick(candidates: Candidate[], rid: string | undefined, tenantId: string): RouteMatch {
  if (rid !== undefined && rid !== "anti-csrf" && candidates.length > 1) {
    const wanted = RID_ALIASES[rid] ?? [rid];
    const chosen = candidates.find((c) => wanted.includes(c.recipe.recipeId));
    if (chosen !== undefined) return { ...chosen, tenantId };
  }
  return { ...candidates[0], tenantId };
}
