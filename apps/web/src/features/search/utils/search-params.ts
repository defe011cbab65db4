import type { QueryHit, SearchQuery } from "@loupe/protocol";
import { QUERY_LIMITS } from "@loupe/protocol/constants";

/** The search a page's URL describes (`q`, `ns`, `labelSelector`), or undefined when there is nothing to search. */
export function searchFromParams(params: URLSearchParams): SearchQuery | undefined {
  const text = (params.get("q") ?? "").slice(0, QUERY_LIMITS.searchTextLength);
  const namespace = params.get("ns") ?? "";
  const labelSelector = params.get("labelSelector") ?? "";
  return searchOf(text, namespace, labelSelector);
}

/** A search query from its fields, or undefined when all are empty. */
export function searchOf(text: string, namespace: string, labelSelector: string): SearchQuery | undefined {
  if (text.trim() === "" && namespace.trim() === "" && labelSelector.trim() === "") return undefined;
  return {
    kind: "search",
    text: text.trim(),
    ...(namespace.trim() ? { namespace: namespace.trim() } : {}),
    ...(labelSelector.trim() ? { labelSelector: labelSelector.trim() } : {}),
  };
}

/**
 * Hits best first: a name equal to a word, then a name starting with one, then the rest; then by kind, namespace
 * and name.
 */
export function rankHits(hits: readonly QueryHit[], text: string): QueryHit[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const rank = (hit: QueryHit) => {
    const name = hit.metadata.name.toLowerCase();
    if (words.some((w) => name === w)) return 0;
    if (words.some((w) => name.startsWith(w))) return 1;
    return 2;
  };
  return [...hits].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.kind ?? "").localeCompare(b.kind ?? "") ||
      (a.metadata.namespace ?? "").localeCompare(b.metadata.namespace ?? "") ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
}
