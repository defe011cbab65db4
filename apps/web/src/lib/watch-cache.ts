import type {
  KubeObject,
  ObjectMeta,
  SnapshotMessage,
  TableColumn,
  TableRow,
  WatchEvent,
  WatchState,
  WatchTarget,
} from "@loupe/protocol";

/**
 * What the react-query cache holds for one watched collection: the last snapshot with every event since merged
 * in. Object mode holds whole objects, table mode the server's Table rows and columns.
 */
export type WatchData =
  | { mode: "objects"; resourceVersion: string; items: KubeObject[] }
  | { mode: "table"; resourceVersion: string; columns: TableColumn[]; rows: TableRow[] };

/** A subscription's state for a connection indicator (compatible with components/ui's ConnectionStatus). */
export interface WatchStatus {
  state: WatchState;
  message?: string;
  /** Set when the server refused the subscription (`error` message), e.g. `LOUPE_CONTEXT_NOT_FOUND`. */
  code?: string;
}

const tail = (t: WatchTarget) =>
  [
    t.context,
    t.group,
    t.version,
    t.resource,
    t.namespace ?? "",
    t.labelSelector ?? "",
    t.fieldSelector ?? "",
    t.table ?? false,
    // Custom columns make a subscription of their own (the server computes their cells).
    ...(t.columns && t.columns.length > 0 ? [JSON.stringify(t.columns)] : []),
  ] as const;

/** The query key of a watched collection's {@link WatchData}. Absent fields are spelled out, so equal targets match. */
export const watchQueryKey = (target: WatchTarget) => ["watch", ...tail(target)] as const;

/** The query key of a watched collection's {@link WatchStatus}. */
export const watchStatusQueryKey = (target: WatchTarget) => ["watch-status", ...tail(target)] as const;

/** The cache entry a snapshot replaces everything with. */
export function fromSnapshot(message: SnapshotMessage): WatchData {
  return "rows" in message
    ? { mode: "table", resourceVersion: message.resourceVersion, columns: message.columns, rows: message.rows }
    : { mode: "objects", resourceVersion: message.resourceVersion, items: message.items };
}

/**
 * Applies a batch of events, in order, without mutating `data`: ADDED and MODIFIED replace the object with the
 * same namespace/name in place or append it, DELETED removes it. The resourceVersion becomes the last event's.
 * Events before any snapshot (no `data`) cannot be applied and are ignored; the server never sends them.
 */
export function applyEvents(data: WatchData | undefined, events: readonly WatchEvent[]): WatchData | undefined {
  if (!data || events.length === 0) return data;
  let resourceVersion = data.resourceVersion;
  for (const event of events) {
    const meta = "row" in event ? event.row.object.metadata : event.object.metadata;
    resourceVersion = meta.resourceVersion ?? resourceVersion;
  }
  if (data.mode === "table") {
    const rows = merge(
      data.rows,
      events,
      (e) => ("row" in e ? e.row : undefined),
      (r) => r.object.metadata,
    );
    return { ...data, resourceVersion, rows };
  }
  const items = merge(
    data.items,
    events,
    (e) => ("object" in e ? e.object : undefined),
    (o) => o.metadata,
  );
  return { ...data, resourceVersion, items };
}

function merge<T>(
  list: readonly T[],
  events: readonly WatchEvent[],
  pick: (event: WatchEvent) => T | undefined,
  metaOf: (item: T) => ObjectMeta,
): T[] {
  const index = new Map<string, number>();
  list.forEach((item, i) => {
    index.set(keyOf(metaOf(item)), i);
  });
  const next = list.slice();
  const removed = new Set<number>();
  for (const event of events) {
    const item = pick(event);
    if (item === undefined) continue;
    const key = keyOf(metaOf(item));
    const at = index.get(key);
    if (event.type === "DELETED") {
      if (at !== undefined) {
        removed.add(at);
        index.delete(key);
      }
    } else if (at !== undefined) {
      next[at] = item;
    } else {
      index.set(key, next.length);
      next.push(item);
    }
  }
  return removed.size > 0 ? next.filter((_, i) => !removed.has(i)) : next;
}

function keyOf(meta: ObjectMeta): string {
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}
