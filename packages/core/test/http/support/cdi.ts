/** A bare HTTP client for CDI tests: status, content type and raw text, nothing hidden. */
export interface Answer {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  /** Parsed when the answer is JSON. */
  json: unknown;
}

export async function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | object } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  const response = await fetch(url, { method: init.method ?? "GET", headers, body });
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  return {
    status: response.status,
    contentType,
    headers: response.headers,
    text,
    json: contentType.startsWith("application/json") ? JSON.parse(text) : undefined,
  };
}
