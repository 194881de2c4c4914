/**
 * User lookups of CDI-NOTES §3 "Core". The official SDK calls `GET /user/id` inside
 * `createNewSession` to find the primary user of the recipe user it was given, and treats
 * UNKNOWN_USER_ID_ERROR as "this id is its own primary user" — which is how sessions work for
 * ids that no recipe of this core created (custom or external user ids).
 *
 * This core does not store users yet (they arrive with the passwordless issue, which brings the
 * user tables); until then every id is unknown, which is the truthful answer.
 */
import type { Route } from "../http/route";

export const userRoutes: Route[] = [
  {
    method: "GET",
    path: "/user/id",
    level: "app",
    async handler({ query }) {
      query.string("userId");
      return { status: "UNKNOWN_USER_ID_ERROR" };
    },
  },
];
