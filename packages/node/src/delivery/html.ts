/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHTML(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** "15 minutes", "1 hour", "30 seconds": how long a code or link stays valid, for people. */
export function humaniseDuration(milliseconds: number): string {
  const seconds = Math.max(1, Math.round(milliseconds / 1000));
  if (seconds < 60) return plural(seconds, "second");
  const minutes = Math.round(seconds / 60);
  if (minutes < 60 || minutes % 60 !== 0) return plural(minutes, "minute");
  const hours = minutes / 60;
  return hours % 24 === 0 ? plural(hours / 24, "day") : plural(hours, "hour");
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}
