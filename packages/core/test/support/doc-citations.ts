/**
 * Citations of the repository's own docs (`docs/protocol/cdi.md §5 "Signing keys"`) and the
 * numbered sections they point at. Comments cite protocol facts by section so a reader can check
 * them; a citation that points nowhere is worse than none, so the test suite resolves them all.
 *
 * Grammar of a citation, as the code writes it:
 * - a doc path `docs/<path>.md`; inside `docs/` also a bare sibling name in backticks
 *   (`` `storage.md` §3 ``), and in `docs/protocol/*.md` a lone `§N` names the doc itself;
 * - then optionally a section `§N(.N)*` (in string literals written `\u00A7`), optionally
 *   followed by a quoted label that the section must contain (`§2 "Hosts"`), the label may wrap
 *   onto the next comment line;
 * - then more sections of the same doc joined by `,`, `–` or `and` (`§3.1–§3.3`, `§3, §5`).
 */
import path from "node:path";

export interface Citation {
  /** Repository-relative path of the citing file. */
  source: string;
  /** 1-based line of the citation in `source`. */
  line: number;
  /** Repository-relative path of the cited doc. */
  doc: string;
  /** `"5.4"` for `§5.4`; absent when the whole doc is cited. */
  section?: string;
  /** The quoted label after the section, e.g. `Hosts`. */
  label?: string;
}

const DOC_PATH = /(?<![\w./-])docs\/[\w-]+(?:\/[\w-]+)*\.md/g;
const SIBLING_DOC = /`([\w-]+\.md)`/g;
const SECTION_SIGN = String.raw`(?:§|\\u00[aA]7)`;
const SECTION_AND_LABEL = String.raw`${SECTION_SIGN}(\d+(?:\.\d+)*)(?:\s+"([^"]+)")?`;
const FIRST_SECTION = String.raw`\s+${SECTION_AND_LABEL}`;
const NEXT_SECTION = String.raw`(?:\s*,\s*|\s*–\s*|\s+and\s+)${SECTION_AND_LABEL}`;
const LONE_SECTION = new RegExp(SECTION_AND_LABEL, "g");
/** Comment leaders stripped from a continuation line, so a wrapped label reads as one string. */
const CONTINUATION_LEADER = /^\s*(?:\/\/|\*|#)?\s*/;

/** Every citation in one file's text. */
export function findCitations(source: string, text: string): Citation[] {
  const citations: Citation[] = [];
  const lines = text.split("\n");
  const inProtocolDocs = source.startsWith("docs/protocol/") && source.endsWith(".md");
  const inDocs = source.startsWith("docs/") && source.endsWith(".md");
  lines.forEach((lineText, index) => {
    const next = lines[index + 1]?.replace(CONTINUATION_LEADER, "") ?? "";
    const joined = next === "" ? lineText : `${lineText} ${next}`;
    const covered: Array<[number, number]> = [];
    const docRefs: Array<{ doc: string; end: number }> = [];
    for (const match of lineText.matchAll(DOC_PATH)) {
      docRefs.push({ doc: match[0], end: match.index + match[0].length });
    }
    if (inDocs) {
      for (const match of lineText.matchAll(SIBLING_DOC)) {
        const doc = path.posix.join(path.posix.dirname(source), match[1]);
        docRefs.push({ doc, end: match.index + match[0].length });
      }
    }
    for (const ref of docRefs) {
      const sections = sectionChain(joined, ref.end);
      covered.push([ref.end, sections.end]);
      if (sections.found.length === 0) citations.push({ source, line: index + 1, doc: ref.doc });
      for (const found of sections.found) citations.push({ source, line: index + 1, doc: ref.doc, ...found });
    }
    if (inProtocolDocs) {
      for (const match of lineText.matchAll(LONE_SECTION)) {
        if (covered.some(([from, to]) => match.index >= from && match.index < to)) continue;
        const sections = sectionChain(joined, match.index, true);
        covered.push([match.index, sections.end]);
        for (const found of sections.found)
          citations.push({ source, line: index + 1, doc: source, ...found });
      }
    }
  });
  return citations;
}

/** The sections (and labels) chained from position `from` of `text`, and where the chain ends. */
function sectionChain(
  text: string,
  from: number,
  startsAtSign = false,
): { found: Array<{ section: string; label?: string }>; end: number } {
  const found: Array<{ section: string; label?: string }> = [];
  const next = new RegExp(NEXT_SECTION, "y");
  let pattern = new RegExp(startsAtSign ? SECTION_AND_LABEL : FIRST_SECTION, "y");
  pattern.lastIndex = from;
  let end = from;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    found.push(match[2] === undefined ? { section: match[1] } : { section: match[1], label: match[2] });
    end = pattern.lastIndex;
    pattern = next;
    pattern.lastIndex = end;
  }
  return { found, end };
}

/**
 * The numbered sections of a Markdown doc: `## 3. Endpoint catalogue` is "3", `### 3.4 ThirdParty`
 * is "3.4". Each maps to its text, from its heading down to the next heading of the same or a
 * higher level, so a section includes its subsections. Fenced code is not read for headings.
 */
export function numberedSections(markdown: string): Map<string, string> {
  const lines = markdown.split("\n");
  const headings: Array<{ line: number; level: number; number?: string }> = [];
  let inFence = false;
  lines.forEach((text, line) => {
    if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
    if (inFence) return;
    const heading = /^(#{1,6})\s+(?:(\d+(?:\.\d+)*)\.?\s)?/.exec(text);
    if (heading !== null) headings.push({ line, level: heading[1].length, number: heading[2] });
  });
  const sections = new Map<string, string>();
  headings.forEach((heading, index) => {
    if (heading.number === undefined) return;
    const end = headings.slice(index + 1).find((later) => later.level <= heading.level)?.line ?? lines.length;
    sections.set(heading.number, lines.slice(heading.line, end).join("\n"));
  });
  return sections;
}

/** Markdown emphasis and code marks removed, case and spacing folded, for label comparison. */
function plain(text: string): string {
  return text.replace(/[*`]/g, "").replace(/\s+/g, " ").toLowerCase();
}

/**
 * What is wrong with a citation, or undefined when it resolves. `readDoc` returns a doc's text
 * by repository-relative path, or undefined when there is no such file.
 */
export function citationProblem(
  citation: Citation,
  readDoc: (doc: string) => string | undefined,
): string | undefined {
  const where = `${citation.source}:${citation.line}`;
  const text = readDoc(citation.doc);
  if (text === undefined) return `${where}: ${citation.doc} does not exist`;
  if (citation.section === undefined) return undefined;
  const section = numberedSections(text).get(citation.section);
  if (section === undefined) return `${where}: ${citation.doc} has no heading numbered ${citation.section}`;
  if (citation.label !== undefined && !plain(section).includes(plain(citation.label))) {
    return `${where}: ${citation.doc} §${citation.section} does not mention "${citation.label}"`;
  }
  return undefined;
}
