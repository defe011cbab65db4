import type { CatalogResource, ObjectMeta } from "@loupe/protocol";

/** A compiled search: lower-cased words, all of which must match. */
export interface SearchTerms {
  readonly words: readonly string[];
}

/** Splits the search text into words (whitespace-separated, lower-cased, duplicates dropped). */
export function searchTerms(text: string): SearchTerms {
  return {
    words: [
      ...new Set(
        text
          .toLowerCase()
          .split(/\s+/)
          .filter((w) => w !== ""),
      ),
    ],
  };
}

/** The names a kind answers to, lower-cased: kind, plural, singular, short names. */
export function kindNames(kind: CatalogResource): Set<string> {
  return new Set(
    [kind.kind, kind.resource, kind.singular, ...kind.shortNames, kind.group ? `${kind.resource}.${kind.group}` : ""]
      .filter((n) => n !== "")
      .map((n) => n.toLowerCase()),
  );
}

/**
 * What makes an object a hit, or undefined: every word must be contained in its name or namespace, in one of its
 * labels written `key=value`, or be one of its kind's names (`names` from {@link kindNames}). No words: every
 * object is a hit (the label selector and namespace then do the narrowing).
 */
export function matchObject(terms: SearchTerms, names: ReadonlySet<string>, meta: ObjectMeta): string[] | undefined {
  if (terms.words.length === 0) return [];
  const matched = new Set<string>();
  const name = meta.name.toLowerCase();
  const namespace = (meta.namespace ?? "").toLowerCase();
  const labels = Object.entries(meta.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const word of terms.words) {
    if (name.includes(word)) matched.add("name");
    else if (names.has(word)) matched.add("kind");
    else if (namespace.includes(word)) matched.add("namespace");
    else {
      const label = labels.find((l) => l.toLowerCase().includes(word));
      if (label === undefined) return undefined;
      matched.add(`label ${label}`);
    }
  }
  return [...matched];
}

/**
 * Orders hits for display: exact name matches first, then names starting with a word, then the rest; ties by
 * kind, namespace, name.
 */
export function hitRank(terms: SearchTerms, name: string): number {
  const lower = name.toLowerCase();
  if (terms.words.some((w) => lower === w)) return 0;
  if (terms.words.some((w) => lower.startsWith(w))) return 1;
  return 2;
}
