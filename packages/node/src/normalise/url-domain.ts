/**
 * Domain normalisation as supertokens-node does it (docs/protocol/sdk-surface.md §1.2), so `apiDomain:
 * "localhost:3000"` keeps meaning `http://localhost:3000`: lower-cased, path dropped,
 * scheme added when missing (`http` for localhost and IP addresses, `https` otherwise).
 */
export function normaliseURLDomain(input: string): string | undefined {
  let value = input.trim().toLowerCase();
  const hasScheme = value.startsWith("http://") || value.startsWith("https://");
  if (hasScheme) {
    try {
      const url = new URL(value);
      return `${url.protocol}//${url.host}`;
    } catch {
      return undefined;
    }
  }
  if (value.startsWith("/")) return undefined;
  if (value.startsWith(".")) value = value.slice(1);
  if (!value.includes(".") && !value.startsWith("localhost")) return undefined;
  try {
    const url = new URL(`https://${value}`);
    const local = url.hostname === "localhost" || isIPAddress(url.hostname);
    return `${local ? "http" : "https"}://${url.host}`;
  } catch {
    return undefined;
  }
}

export function isIPAddress(hostname: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(hostname)) {
    return hostname.split(".").every((part) => Number(part) <= 255);
  }
  return hostname.startsWith("[") && hostname.endsWith("]");
}
