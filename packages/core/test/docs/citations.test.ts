/**
 * Every `docs/….md §N` citation in the tree resolves: the doc exists, it has a heading numbered
 * exactly N, and a quoted label after the number (`§2 "Hosts"`) appears in that section. The
 * protocol docs' own cross-references (`§7.1`, `` `storage.md` §3 ``) are held to the same rule.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Citation, citationProblem, findCitations, numberedSections } from "../support/doc-citations";

const repositoryRoot = path.resolve(__dirname, "../../../..");
/** Where citations live: the code trees, the docs themselves, and the top-level Markdown files. */
const CITING_PATHS = ["packages", "e2e", "bench", "examples", "docs", ":(glob)*.md"];
const CITING_FILE = /\.(ts|tsx|mjs|md)$/;
/** This file cites made-up docs on purpose, to show the checks can fail. */
const THIS_FILE = path.relative(repositoryRoot, __filename).split(path.sep).join("/");

function trackedCitingFiles(): string[] {
  const listing = execFileSync("git", ["ls-files", "-z", "--", ...CITING_PATHS], {
    cwd: repositoryRoot,
    encoding: "utf8",
  });
  return listing.split("\0").filter((file) => CITING_FILE.test(file) && file !== THIS_FILE);
}

function readRepositoryDoc(doc: string): string | undefined {
  const file = path.join(repositoryRoot, doc);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

function allCitations(): Citation[] {
  return trackedCitingFiles().flatMap((file) =>
    findCitations(file, readFileSync(path.join(repositoryRoot, file), "utf8")),
  );
}

describe("citations of docs/ in the repository", () => {
  const citations = allCitations();

  it("finds the citations the code makes (the scan itself works)", () => {
    const fromCode = citations.filter((citation) => !citation.source.startsWith("docs/"));
    expect(fromCode.length).toBeGreaterThan(250);
    for (const doc of ["cdi.md", "fdi.md", "sdk-surface.md"]) {
      expect(fromCode.some((citation) => citation.doc === `docs/protocol/${doc}`)).toBe(true);
    }
  });

  it("resolves every citation to an existing doc, section and label", () => {
    const problems = citations
      .map((citation) => citationProblem(citation, readRepositoryDoc))
      .filter((problem) => problem !== undefined);
    expect(problems).toEqual([]);
  });
});

describe("findCitations", () => {
  it("reads a doc path with a section and a label", () => {
    expect(findCitations("a.ts", `// as the core does (docs/protocol/cdi.md §5 "Signing keys").`)).toEqual([
      { source: "a.ts", line: 1, doc: "docs/protocol/cdi.md", section: "5", label: "Signing keys" },
    ]);
  });

  it("reads the \\u00A7 escape used inside string literals", () => {
    const text = 'it("answers 401 (docs/protocol/fdi.md \\u00A73.1)", () => {});';
    expect(findCitations("b.test.ts", text)).toEqual([
      { source: "b.test.ts", line: 1, doc: "docs/protocol/fdi.md", section: "3.1" },
    ]);
  });

  it("reads chained sections, ranges and a label wrapped onto the next comment line", () => {
    const text = [
      "/**",
      ' * Verify (docs/protocol/cdi.md §3, §5 "Verify-time promotion"); headers (docs/protocol/fdi.md §3.1–§3.3).',
      ' * Counted (docs/protocol/cdi.md §2 "When the',
      ' * core is contacted for verification").',
      " */",
    ].join("\n");
    expect(
      findCitations("c.ts", text).map(({ line, doc, section, label }) => [line, doc, section, label]),
    ).toEqual([
      [2, "docs/protocol/cdi.md", "3", undefined],
      [2, "docs/protocol/cdi.md", "5", "Verify-time promotion"],
      [2, "docs/protocol/fdi.md", "3.1", undefined],
      [2, "docs/protocol/fdi.md", "3.3", undefined],
      [3, "docs/protocol/cdi.md", "2", "When the core is contacted for verification"],
    ]);
  });

  it("reads a citation of a whole doc, and ignores paths that only end in docs/", () => {
    expect(
      findCitations("README.md", "See `docs/protocol/storage.md` and /work/wt/docs/protocol/x.md."),
    ).toEqual([{ source: "README.md", line: 1, doc: "docs/protocol/storage.md" }]);
  });

  it("inside docs/protocol, reads sibling docs in backticks and lone sections as the doc itself", () => {
    const text = "as in §5.4 (and `storage.md` §3, §2.1).";
    expect(findCitations("docs/protocol/cdi.md", text).map(({ doc, section }) => [doc, section])).toEqual([
      ["docs/protocol/storage.md", "3"],
      ["docs/protocol/storage.md", "2.1"],
      ["docs/protocol/cdi.md", "5.4"],
    ]);
  });
});

describe("numberedSections and citationProblem", () => {
  const doc = [
    "# Title",
    "## 1. First",
    "**Hosts.** round-robin",
    "### 1.1 Sub",
    "text",
    "```",
    "## 9. not a heading inside a fence",
    "```",
    "## 2. Second",
    "**`rid` header.**",
  ].join("\n");
  const readFake = (name: string) => (name === "docs/fake.md" ? doc : undefined);
  const cite = (fields: Partial<Citation>): Citation => ({
    source: "x.ts",
    line: 7,
    doc: "docs/fake.md",
    ...fields,
  });

  it("numbers headings exactly, a section holding its subsections and stopping at the next", () => {
    const sections = numberedSections(doc);
    expect([...sections.keys()]).toEqual(["1", "1.1", "2"]);
    expect(sections.get("1")).toContain("### 1.1 Sub");
    expect(sections.get("1")).not.toContain("## 2. Second");
  });

  it("accepts an existing section, with a label it contains (emphasis and case ignored)", () => {
    expect(citationProblem(cite({ section: "1", label: "hosts" }), readFake)).toBeUndefined();
    expect(citationProblem(cite({ section: "2", label: "rid header" }), readFake)).toBeUndefined();
    expect(citationProblem(cite({}), readFake)).toBeUndefined();
  });

  it("reports a missing doc, a missing section, a prefix-only match and a label the section lacks", () => {
    expect(citationProblem(cite({ doc: "docs/missing.md" }), readFake)).toBe(
      "x.ts:7: docs/missing.md does not exist",
    );
    expect(citationProblem(cite({ section: "7.3" }), readFake)).toBe(
      "x.ts:7: docs/fake.md has no heading numbered 7.3",
    );
    expect(citationProblem(cite({ section: "1.1.1" }), readFake)).toBe(
      "x.ts:7: docs/fake.md has no heading numbered 1.1.1",
    );
    expect(citationProblem(cite({ section: "9" }), readFake)).toBe(
      "x.ts:7: docs/fake.md has no heading numbered 9",
    );
    expect(citationProblem(cite({ section: "2", label: "Hosts" }), readFake)).toBe(
      'x.ts:7: docs/fake.md §2 does not mention "Hosts"',
    );
  });

  it("flags a fake citation found in text end to end", () => {
    const [citation] = findCitations("y.ts", "// docs/fake.md §3 (no such section)");
    expect(citationProblem(citation, readFake)).toBe("y.ts:1: docs/fake.md has no heading numbered 3");
  });
});
