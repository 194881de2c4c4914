/**
 * Debian's Chromium driven by playwright-core (playwright's own browser download does not work
 * on these machines; scripts/install-chromium.sh installs /usr/bin/chromium).
 *
 * The flags are the ones known to work here (.library machine notes, node-svc "Known to work"):
 * without the background-networking ones Chromium keeps dialling Google's hosts through a closed
 * network. playwright-core itself gives each launch a new empty --user-data-dir.
 */
import fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Why the browser tests cannot run here, or undefined when they can. In CI they always run: a
 * missing browser there is a failure, not a skip.
 */
export function chromiumSkipReason(): string | undefined {
  if (fs.existsSync(CHROMIUM_PATH)) return undefined;
  if (process.env.CI === "true") return undefined;
  return `${CHROMIUM_PATH} is missing (run scripts/install-chromium.sh); browser tests skipped`;
}

export interface LaunchedChromium {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedChromium> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  return { browser, close: () => browser.close() };
}
