/**
 * A test core (startTestCore: real HTTP, fresh database) with a counting proxy in front, and
 * the official SDK initialised to talk to it through the proxy.
 */
import { randomUUID } from "node:crypto";
import { startTestCore, type TestCoreOptions } from "../../support/core";
import { startCountingProxy, type CountingProxy } from "./counting-proxy";
import { initOfficialSdk, resetOfficialSdk, type OfficialSdkOptions } from "./official-sdk";

export interface CompatCore {
  coreUrl: string;
  proxy: CountingProxy;
  close(): Promise<void>;
}

export async function startCompatCore(
  core: TestCoreOptions,
  sdk: Omit<OfficialSdkOptions, "connectionURI"> = {},
): Promise<CompatCore> {
  const testCore = await startTestCore(core);
  const proxy = await startCountingProxy(testCore.url);
  initOfficialSdk({ ...sdk, connectionURI: proxy.url });
  return {
    coreUrl: testCore.url,
    proxy,
    async close() {
      resetOfficialSdk();
      await proxy.close();
      await testCore.close();
    },
  };
}

/** A fresh user id per test, so tests in one file never see each other's sessions. */
export const newUserId = () => `compat-${randomUUID()}`;
