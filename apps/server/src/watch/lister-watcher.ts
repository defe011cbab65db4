import type { KubeObject, ObjectMeta, TableColumn, TableRow, WatchEventType } from "@loupe/protocol";
import type { KubernetesStatus } from "../errors.ts";

/** What a reflector stores: whole objects, or Table rows (whose `object` carries the metadata). */
export type WatchItem = KubeObject | TableRow;

/** One page of a list. */
export interface ListPage {
  /** The list's resourceVersion: opaque, equal on every page of one paginated list. */
  resourceVersion: string;
  /** The token for the next page; absent on the last. */
  continue: string | undefined;
  items: WatchItem[];
  /** Table mode only: the columns the API server chose. */
  columns: TableColumn[] | undefined;
}

export interface ListOptions {
  /** Page size; absent: everything at once. */
  limit: number | undefined;
  continue: string | undefined;
  signal: AbortSignal;
}

export interface WatchOptions {
  /** Watch changes after this resourceVersion (a list's, or the last event's or bookmark's). */
  resourceVersion: string;
  /** Asked of the API server, which ends the stream cleanly after it. */
  timeoutSeconds: number;
  signal: AbortSignal;
}

/** One decoded line of a watch stream. */
export type UpstreamEvent =
  | { type: WatchEventType; item: WatchItem; resourceVersion: string }
  | { type: "BOOKMARK"; resourceVersion: string }
  | { type: "ERROR"; status: KubernetesStatus };

/** Lists one collection. Failures reject with an ApiError (an expired `continue` token: statusCode 410). */
export interface Lister {
  list(options: ListOptions): Promise<ListPage>;
}

/**
 * Opens one watch stream. Rejects with an ApiError when the API server refuses it (410: the resourceVersion is
 * too old); the iterable ends when the server ends the stream and throws when the connection breaks.
 */
export interface Watcher {
  watch(options: WatchOptions): Promise<AsyncIterable<UpstreamEvent>>;
}

/** The two capabilities a reflector needs (client-go's ListerWatcher); one per watch key. */
export interface ListerWatcher extends Lister, Watcher {}

/** The metadata naming an item, for either shape. */
export function itemMeta(item: WatchItem): ObjectMeta {
  return (item as KubeObject).metadata ?? (item as TableRow).object.metadata;
}

/** The store key of an item: `namespace/name`, or `name` for cluster-scoped objects. */
export function itemKey(item: WatchItem): string {
  const meta = itemMeta(item);
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}
