/** A real core (SQLite, HTTP) and the SDK initialised against it with Session, for adapter tests. */
import { startTestCore, type TestCore } from "../../../core/test/support/core";
import SuperTokens from "../../src/supertokens";
import * as Session from "../../src/recipe/session/index";

export interface AdapterSdk {
  core: TestCore;
  close(): Promise<void>;
}

export async function startAdapterSdk(): Promise<AdapterSdk> {
  const core = await startTestCore({ engine: "sqlite" });
  await SuperTokens.resetAsync();
  SuperTokens.init({
    supertokens: { connectionURI: core.url },
    appInfo: {
      appName: "adapters",
      apiDomain: "http://localhost:3001",
      websiteDomain: "http://localhost:3000",
      apiBasePath: "/auth",
    },
    recipeList: [Session.init()],
  });
  return {
    core,
    async close() {
      await SuperTokens.resetAsync();
      await core.close();
    },
  };
}
