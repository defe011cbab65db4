// Checks the links of the repository's Markdown files: a relative link must name a file or folder of the
// repository (and, with a #fragment, a heading of that Markdown file), and no link may leave the repository
// (`../` past its root). Links with a scheme (https:, mailto:) are not followed.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** Folders never searched for Markdown files: dependencies, build and test output, machine-local state. */
export const SKIPPED_DIRS = new Set([".git", "node_modules", "test-output", "bench-output", ".state", "dist", ".vite"]);

/** One link found in a Markdown file. */
export interface MarkdownLink {
  /** 1-based line of the link. */
  line: number;
  target: string;
}

/** A link that points at nothing, or out of the repository. */
export interface LinkProblem {
  /** The Markdown file, relative to the root, with `/` separators. */
  file: string;
  line: number;
  target: string;
  why: string;
}

/** Every Markdown file under `root`, relative to it with `/` separators, sorted. */
export function markdownFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.isFile() && /\.md$/i.test(entry.name)) {
        found.push(relative(root, join(dir, entry.name)).split(sep).join("/"));
      }
    }
  };
  walk(root);
  return found.sort();
}

/**
 * The text without fenced code blocks and, unless `inline` is false, inline code spans (blanked, so line numbers
 * stay right).
 */
export function withoutCode(text: string, inline = true): string {
  const lines = text.split("\n");
  let fence: string | null = null;
  const kept = lines.map((line) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = null;
      return "";
    }
    if (marker) {
      fence = marker;
      return "";
    }
    return line;
  });
  const blocks = kept.join("\n");
  return inline ? blocks.replace(/(`+)[^`][\s\S]*?\1/g, (code) => code.replace(/[^\n]/g, " ")) : blocks;
}

/** Inline links and images `[text](target)`, reference definitions `[label]: target` and HTML href/src. */
export function extractLinks(text: string): MarkdownLink[] {
  const source = withoutCode(text);
  const links: MarkdownLink[] = [];
  const lineAt = (index: number) => source.slice(0, index).split("\n").length;
  for (const m of source.matchAll(
    /\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g,
  )) {
    links.push({ line: lineAt(m.index), target: (m[1] ?? "").replace(/^<|>$/g, "") });
  }
  for (const m of source.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)/gm)) {
    links.push({ line: lineAt(m.index), target: (m[1] ?? "").replace(/^<|>$/g, "") });
  }
  for (const m of source.matchAll(/<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*"([^"]*)"/gi)) {
    links.push({ line: lineAt(m.index), target: m[1] ?? "" });
  }
  return links.sort((a, b) => a.line - b.line);
}

/** The anchors GitHub makes of a Markdown file's headings (`## The watch socket` → `the-watch-socket`). */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  // Inline code stays: its text is part of the heading's anchor.
  for (const line of withoutCode(text, false).split("\n")) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const seen = counts.get(slug) ?? 0;
    counts.set(slug, seen + 1);
    anchors.add(seen === 0 ? slug : `${slug}-${seen}`);
  }
  for (const m of text.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*"([^"]+)"/gi)) anchors.add(m[1] ?? "");
  return anchors;
}

/** GitHub's heading slug: the text without markup, lower-cased, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images: their text
    .replace(/<[^>]+>/g, "") // HTML tags
    .replace(/[`*_~]/g, (c) => (c === "_" ? "_" : "")) // emphasis and code marks (underscores stay)
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

/** Every problem of the Markdown files under `root`. */
export function checkMarkdownLinks(root: string, files = markdownFiles(root)): LinkProblem[] {
  const top = resolve(root);
  const problems: LinkProblem[] = [];
  const anchorsOf = new Map<string, Set<string>>();
  const anchors = (path: string) => {
    let found = anchorsOf.get(path);
    if (!found) {
      found = headingAnchors(readFileSync(path, "utf8"));
      anchorsOf.set(path, found);
    }
    return found;
  };
  for (const file of files) {
    const path = join(top, file);
    for (const { line, target } of extractLinks(readFileSync(path, "utf8"))) {
      const problem = (why: string) => problems.push({ file, line, target, why });
      if (target === "") {
        problem("the link is empty");
        continue;
      }
      // A scheme (https:, mailto:) or a protocol-relative URL: not a file of the repository.
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue;
      const hash = target.indexOf("#");
      const rawPath = (hash === -1 ? target : target.slice(0, hash)).replace(/\?.*$/, "");
      const fragment = hash === -1 ? undefined : target.slice(hash + 1);
      let decoded: string;
      try {
        decoded = decodeURIComponent(rawPath);
      } catch {
        problem("the link is not a valid URL path");
        continue;
      }
      // `/x` is the repository root's x, as GitHub reads it.
      const to = decoded === "" ? path : decoded.startsWith("/") ? join(top, decoded) : resolve(dirname(path), decoded);
      if (to !== top && !to.startsWith(top + sep)) {
        problem("the link leaves the repository");
        continue;
      }
      if (!existsSync(to)) {
        problem(`${relative(top, to).split(sep).join("/")} does not exist`);
        continue;
      }
      if (fragment === undefined || fragment === "") continue;
      if (!statSync(to).isFile() || !/\.md$/i.test(to)) continue; // line anchors of source files (#L10) etc.
      const wanted = decodeURIComponent(fragment).toLowerCase();
      if (!anchors(to).has(wanted)) problem(`no heading #${fragment} in ${relative(top, to).split(sep).join("/")}`);
    }
  }
  return problems;
}
