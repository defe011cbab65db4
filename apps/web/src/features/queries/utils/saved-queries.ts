import type { CelColumn, CelQuery } from "@loupe/protocol";
import { QUERY_LIMITS } from "@loupe/protocol/constants";

/** A query as the user saves it: a name and the CEL query's fields. */
export interface SavedQuery {
  name: string;
  expression: string;
  /** Kind patterns (`Deployment`, `apps`, `*.upbound.io`). */
  kinds: string[];
  namespace: string;
  labelSelector: string;
  columns: CelColumn[];
}

const STORAGE_KEY = "loupe.savedQueries.v1";
const MAX_SAVED = 100;

/** The example a new page starts from: every Crossplane-style object that is not Synced. */
export const EXAMPLE: SavedQuery = {
  name: "Not synced",
  expression:
    'has(object.status.conditions) &&\n  object.status.conditions.exists(c, c.type == "Synced" && c.status != "True")',
  kinds: ["*.upbound.io"],
  namespace: "",
  labelSelector: "",
  columns: [{ name: "Reason", expression: 'object.status.conditions.filter(c, c.type == "Synced")[0].reason' }],
};

/** The saved queries of this browser, newest first; anything unreadable in storage is skipped. */
export function loadSaved(storage: Pick<Storage, "getItem"> = localStorage): SavedQuery[] {
  try {
    const raw = JSON.parse(storage.getItem(STORAGE_KEY) ?? "[]") as unknown;
    return Array.isArray(raw) ? raw.map(normalize).filter((q): q is SavedQuery => q !== undefined) : [];
  } catch {
    return [];
  }
}

/** Saves `query` under its name (replacing one of the same name), newest first, at most 100 kept. */
export function saveQuery(
  query: SavedQuery,
  storage: Pick<Storage, "getItem" | "setItem"> = localStorage,
): SavedQuery[] {
  const next = [query, ...loadSaved(storage).filter((q) => q.name !== query.name)].slice(0, MAX_SAVED);
  storage.setItem(STORAGE_KEY, JSON.stringify(next));
  return next;
}

export function deleteQuery(name: string, storage: Pick<Storage, "getItem" | "setItem"> = localStorage): SavedQuery[] {
  const next = loadSaved(storage).filter((q) => q.name !== name);
  storage.setItem(STORAGE_KEY, JSON.stringify(next));
  return next;
}

/**
 * The URL parameters that share a query: `name`, `expr`, `kinds` (comma-separated), `ns`, `labelSelector`, and
 * one `col` per column written `Name=expression`.
 */
export function queryToParams(query: SavedQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.name) params.set("name", query.name);
  params.set("expr", query.expression);
  params.set("kinds", query.kinds.join(","));
  if (query.namespace) params.set("ns", query.namespace);
  if (query.labelSelector) params.set("labelSelector", query.labelSelector);
  for (const column of query.columns) params.append("col", `${column.name}=${column.expression}`);
  return params;
}

/** The query a shared URL describes, or undefined when it has no expression. Lengths are cut to the limits. */
export function queryFromParams(params: URLSearchParams): SavedQuery | undefined {
  const expression = params.get("expr");
  if (!expression) return undefined;
  return normalize({
    name: params.get("name") ?? "",
    expression,
    kinds: (params.get("kinds") ?? "").split(","),
    namespace: params.get("ns") ?? "",
    labelSelector: params.get("labelSelector") ?? "",
    columns: params.getAll("col").map((c) => {
      const at = c.indexOf("=");
      return at < 0 ? { name: c, expression: c } : { name: c.slice(0, at), expression: c.slice(at + 1) };
    }),
  });
}

/** The protocol's CEL query for a saved one. */
export function toCelQuery(query: SavedQuery): CelQuery {
  return {
    kind: "cel",
    expression: query.expression,
    kinds: query.kinds.length > 0 ? query.kinds : ["*"],
    ...(query.namespace ? { namespace: query.namespace } : {}),
    ...(query.labelSelector ? { labelSelector: query.labelSelector } : {}),
    columns: query.columns.filter((c) => c.name.trim() && c.expression.trim()),
  };
}

function normalize(value: unknown): SavedQuery | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Partial<Record<keyof SavedQuery, unknown>>;
  if (typeof v.expression !== "string" || v.expression.trim() === "") return undefined;
  const str = (x: unknown, max: number) => (typeof x === "string" ? x.slice(0, max) : "");
  return {
    name: str(v.name, 100),
    expression: str(v.expression, QUERY_LIMITS.expressionLength),
    kinds: (Array.isArray(v.kinds) ? v.kinds : [])
      .map((k) => str(k, 253).trim())
      .filter(Boolean)
      .slice(0, QUERY_LIMITS.kindPatterns),
    namespace: str(v.namespace, 63).trim(),
    labelSelector: str(v.labelSelector, 4096).trim(),
    columns: (Array.isArray(v.columns) ? v.columns : [])
      .map((c) => ({
        name: str((c as CelColumn)?.name, 64).trim(),
        expression: str((c as CelColumn)?.expression, QUERY_LIMITS.columnExpressionLength),
      }))
      .filter((c) => c.name && c.expression)
      .slice(0, QUERY_LIMITS.columns),
  };
}
