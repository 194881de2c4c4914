/**
 * Routes that exist only in these tests, to drive the CDI pipeline (input readers, errors,
 * `rid`, scopes) through real HTTP without depending on any recipe.
 */
import { HttpError } from "../../../src/http/errors";
import type { Route } from "../../../src/http/route";

/** Counts successful writes so tests can prove a rejected request changed nothing. */
export class WriteCounter {
  value = 0;
}

export interface TestRoutes {
  routes: Route[];
  writes: WriteCounter;
  /** Resolves the pending `/test/slow` request. */
  releaseSlow(): void;
  /** Resolves once a `/test/slow` request is being handled. */
  slowStarted: Promise<void>;
}

export function createTestRoutes(): TestRoutes {
  const writes = new WriteCounter();
  let releaseSlow!: () => void;
  const slowReleased = new Promise<void>((resolve) => (releaseSlow = resolve));
  let markSlowStarted!: () => void;
  const slowStarted = new Promise<void>((resolve) => (markSlowStarted = resolve));

  const routes: Route[] = [
    {
      method: "GET",
      path: "/test/scope",
      level: "tenant",
      async handler({ scope }) {
        return { status: "OK", ...scope };
      },
    },
    {
      method: "GET",
      path: "/test/app-scope",
      level: "app",
      async handler({ scope }) {
        return { status: "OK", ...scope };
      },
    },
    {
      method: "POST",
      path: "/test/echo",
      level: "tenant",
      async handler({ body }) {
        const echoed = {
          status: "OK",
          userId: body.string("userId"),
          count: body.optionalNumber("count"),
          flag: body.optionalBoolean("flag"),
          tags: body.optionalStringArray("tags"),
          data: body.optionalObject("data"),
        };
        writes.value++;
        return echoed;
      },
    },
    {
      method: "GET",
      path: "/test/query",
      level: "tenant",
      async handler({ query }) {
        return {
          status: "OK",
          userId: query.string("userId"),
          flag: query.optionalBoolean("flag"),
          limit: query.optionalNumber("limit"),
          includeRecipeIds: query.optionalStringArray("includeRecipeIds"),
        };
      },
    },
    {
      method: "GET",
      path: "/test/crash",
      level: "tenant",
      async handler() {
        throw new Error("connection to postgresql://admin:hunter2@db failed");
      },
    },
    {
      method: "GET",
      path: "/test/conflict",
      level: "tenant",
      async handler() {
        throw new HttpError(409, "Conflict for a test");
      },
    },
    {
      method: "GET",
      path: "/test/slow",
      level: "tenant",
      async handler() {
        markSlowStarted();
        await slowReleased;
        return { status: "OK", slow: true };
      },
    },
    {
      method: "PUT",
      path: "/test/shared",
      rid: "emailpassword",
      level: "app",
      async handler() {
        return { status: "OK", recipe: "emailpassword" };
      },
    },
    {
      method: "PUT",
      path: "/test/shared",
      rid: "passwordless",
      level: "app",
      async handler() {
        return { status: "OK", recipe: "passwordless" };
      },
    },
  ];
  return { routes, writes, releaseSlow, slowStarted };
}
