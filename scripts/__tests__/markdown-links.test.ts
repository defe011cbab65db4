import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkMarkdownLinks, extractLinks, githubSlug, headingAnchors, markdownFiles } from "../markdown-links.ts";

const ROOT = join(import.meta.dirname, "..", "..");

describe("the repository's Markdown links", () => {
  it("all point at files and headings of the repository, and none leaves it", () => {
    const files = markdownFiles(ROOT);
    expect(files).toContain("README.md");
    expect(files).toContain("docs/architecture.md");
    const problems = checkMarkdownLinks(ROOT, files).map((p) => `${p.file}:${p.line}: ${p.target} — ${p.why}`);
    expect(problems).toEqual([]);
  });
});

describe("the link checker", () => {
  const dir = mkdtempSync(join(tmpdir(), "loupe-md-links-"));
  const repo = join(dir, "repo");
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds inline links, images, reference definitions and HTML, but not code", () => {
    const text = [
      "See [the docs](docs/a.md#part-one) and ![a picture](images/x.png 'title').",
      "```sh",
      "echo [not](a-link.md)",
      "```",
      "Inline `[not](either.md)` code.",
      '<img src="images/y.png" alt="">',
      "",
      "[ref]: ../outside.md",
    ].join("\n");
    expect(extractLinks(text)).toEqual([
      { line: 1, target: "docs/a.md#part-one" },
      { line: 1, target: "images/x.png" },
      { line: 6, target: "images/y.png" },
      { line: 8, target: "../outside.md" },
    ]);
  });

  it("makes heading anchors as GitHub does", () => {
    expect(githubSlug("The watch socket: `/api/v1/watch`")).toBe("the-watch-socket-apiv1watch");
    expect(githubSlug("Auth modes (user-token)")).toBe("auth-modes-user-token");
    expect(githubSlug("[Links](x.md) & more")).toBe("links--more");
    expect([...headingAnchors("# A\n## A\n```\n# not a heading\n```\n### B C\n## Objects: `/k8s/`")]).toEqual([
      "a",
      "a-1",
      "b-c",
      "objects-k8s",
    ]);
  });

  it("reports missing files, missing headings and links leaving the repository", () => {
    write("README.md", "[ok](docs/guide.md#setup) [self](#readme) [gone](docs/missing.md) [bad](docs/guide.md#nope)\n");
    write(
      "docs/guide.md",
      "# Guide\n\n## Setup\n\n[up](../README.md) [out](../../elsewhere.md) [web](https://example.com)\n",
    );
    write("node_modules/pkg/README.md", "[ignored](nothing.md)\n");
    expect(markdownFiles(repo)).toEqual(["README.md", "docs/guide.md"]);
    expect(checkMarkdownLinks(repo).map((p) => [p.file, p.target, p.why])).toEqual([
      ["README.md", "#readme", "no heading #readme in README.md"],
      ["README.md", "docs/missing.md", "docs/missing.md does not exist"],
      ["README.md", "docs/guide.md#nope", "no heading #nope in docs/guide.md"],
      ["docs/guide.md", "../../elsewhere.md", "the link leaves the repository"],
    ]);
  });
});
