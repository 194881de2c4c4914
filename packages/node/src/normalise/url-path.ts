/**
 * Path normalisation for apiBasePath/websiteBasePath/apiGatewayPath: percent-encoded as a URL
 * would, one trailing slash removed, `/` becomes the empty path. A full `http(s)://` URL is
 * accepted and reduced to its path, as the official SDK does; a relative path is refused
 * (the official SDK guesses, which has hidden typos like `apiBasePath: "auth"`).
 */
export function normaliseURLPath(input: string): string | undefined {
  const value = input.trim();
  if (value === "") return "";
  let pathname: string;
  try {
    const lower = value.toLowerCase();
    if (lower.startsWith("http://") || lower.startsWith("https://")) pathname = new URL(value).pathname;
    else if (value.startsWith("/")) pathname = new URL(`http://example.com${value}`).pathname;
    else return undefined;
  } catch {
    return undefined;
  }
  return pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
}
