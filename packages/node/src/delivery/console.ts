/**
 * Development delivery: with no email/SMS service configured and the core embedded on SQLite
 * (the zero-setup quickstart), codes and links are printed to the console instead of sent.
 * Never in production: anywhere else a missing service is an error that says what to set.
 */
import { EmbeddedTransport } from "../core-client/embedded";
import SuperTokens from "../supertokens";

/** True only for `connectionURI` `memory:` / `sqlite:…` (or omitted) and NODE_ENV ≠ production. */
export function isDevelopmentDeliveryAllowed(): boolean {
  if (process.env.NODE_ENV === "production") return false;
  const transport = SuperTokens.getInstance()?.coreTransport;
  if (!(transport instanceof EmbeddedTransport)) return false;
  return "sqlite_path" in transport.connection.storage;
}

/** Prints one clearly marked block (codes are secrets: this is only ever used in development). */
export function printDevelopmentMessage(title: string, lines: string[]): void {
  const banner = "=".repeat(72);
  console.log(
    [
      banner,
      `[portcullis] DEVELOPMENT ONLY — ${title} (not sent: no delivery service configured)`,
      ...lines.map((l) => `  ${l}`),
      banner,
    ].join("\n"),
  );
}
