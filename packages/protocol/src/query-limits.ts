/** Bounds of cross-kind queries, plain values the browser may import without zod (see query.ts). */
export const QUERY_LIMITS = {
  /** Characters of a search's text. */
  searchTextLength: 256,
  /** Characters of a CEL query's expression. */
  expressionLength: 4096,
  /** Characters of one column's expression. */
  columnExpressionLength: 1024,
  /** Columns of a CEL query. */
  columns: 12,
  /** Kind patterns of a CEL query. */
  kindPatterns: 20,
  /** Hits one query holds at most (its `limit` defaults to this). */
  maxResults: 2000,
} as const;
