import type { HistoryFieldChange, HistoryManager } from "@loupe/protocol";
import { applyChanges } from "./diff.ts";
import type { HistoryFilter, RecordedObject, StoredChange } from "./types.ts";

/** One row of the `changes` table as both stores read it (SQL column names). */
export interface ChangeRow {
  id: number | string;
  cluster: string;
  time: number | string;
  type: string;
  gap: number | boolean;
  api_group: string;
  version: string;
  resource: string;
  namespace: string;
  name: string;
  uid: string;
  resource_version: string;
  managers: string;
  changes: string;
}

/** The columns of {@link ChangeRow}, for SELECT lists. */
export const CHANGE_COLUMNS =
  "id, cluster, time, type, gap, api_group, version, resource, namespace, name, uid, resource_version, managers, changes";

export function toStoredChange(row: ChangeRow): StoredChange {
  return {
    id: Number(row.id),
    cluster: row.cluster,
    time: Number(row.time),
    type: row.type as StoredChange["type"],
    gap: row.gap === true || row.gap === 1,
    group: row.api_group,
    version: row.version,
    resource: row.resource,
    namespace: row.namespace,
    name: row.name,
    uid: row.uid,
    resourceVersion: row.resource_version,
    managers: JSON.parse(row.managers) as HistoryManager[],
    changes: JSON.parse(row.changes) as HistoryFieldChange[],
  };
}

/** A full state, then the diffs recorded after it (in order): the object they leave, with `resourceVersion`. */
export function replay(base: string, diffs: readonly string[], resourceVersion: string): RecordedObject {
  let object = JSON.parse(base) as RecordedObject;
  for (const diff of diffs) object = applyChanges(object, JSON.parse(diff) as HistoryFieldChange[]);
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  object.metadata = { ...metadata, resourceVersion };
  return object;
}

/** `\nname\n` per manager: a column a LIKE can match one manager in exactly. */
export function managerNames(managers: readonly HistoryManager[]): string {
  return `\n${[...new Set(managers.map((m) => m.manager))].join("\n")}\n`;
}

/** The LIKE pattern matching {@link managerNames} containing `manager` (escape character `\`). */
export function managerPattern(manager: string): string {
  return `%\n${manager.replace(/[\\%_]/g, (c) => `\\${c}`)}\n%`;
}

/**
 * The WHERE clause and parameters of a history query, with `$1`-style placeholders (PostgreSQL) or `?` (SQLite).
 * Only ever built from {@link HistoryFilter}'s typed fields: no caller text reaches the SQL.
 */
export function filterClause(filter: HistoryFilter, numbered: boolean): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const terms: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    terms.push(sql.replace("?", numbered ? `$${params.length}` : "?"));
  };
  add("cluster = ?", filter.cluster);
  if (filter.group !== undefined) add("api_group = ?", filter.group);
  if (filter.resource !== undefined) add("resource = ?", filter.resource);
  if (filter.namespace !== undefined) add("namespace = ?", filter.namespace);
  if (filter.name !== undefined) add("name = ?", filter.name);
  if (filter.uid !== undefined) add("uid = ?", filter.uid);
  if (filter.since !== undefined) add("time >= ?", filter.since);
  if (filter.until !== undefined) add("time <= ?", filter.until);
  if (filter.type !== undefined) add("type = ?", filter.type);
  if (filter.manager !== undefined) add("manager_names LIKE ? ESCAPE '\\'", managerPattern(filter.manager));
  if (filter.beforeId !== undefined) add("id < ?", filter.beforeId);
  return { where: terms.join(" AND "), params };
}

/** Whether a change gets a full state: the first of an object, ADDED, DELETED, a gap, forced, or every `fullEvery`. */
export function keepsFullState(
  change: { type: string; gap: boolean; full?: boolean },
  sinceFull: number | undefined,
  fullEvery: number,
): boolean {
  return (
    sinceFull === undefined ||
    change.type !== "MODIFIED" ||
    change.gap ||
    change.full === true ||
    sinceFull + 1 >= fullEvery
  );
}
