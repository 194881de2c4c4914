import { badInput } from "../error";

/** Empty body → `{}` (refresh and signout arrive without one, docs/protocol/fdi.md §2 "Requests"). */
export function parseJSONBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badInput("Invalid JSON body");
  }
}

export function parseFormBody(text: string): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) form[name] = value;
  return form;
}
