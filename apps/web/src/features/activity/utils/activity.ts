import type { KubeObject } from "@loupe/protocol";
import { changedPaths } from "../../../lib/diff.ts";
import type { ResourceRef } from "../../../lib/resource-path.ts";

/** One change seen in the activity stream. */
export interface ActivityEntry {
  /** Unique within a page's log. */
  id: string;
  type: "ADDED" | "MODIFIED" | "DELETED";
  at: number;
  ref: ResourceRef;
  kind: string;
  namespace: string | undefined;
  name: string;
  uid: string;
  resourceVersion: string;
  /** For MODIFIED: the fields that differ from the previous version (resourceVersion/managedFields left out). */
  changed: string[];
}

export type ObjectState = ReadonlyMap<string, KubeObject>;

const keyOf = (o: KubeObject) => o.metadata.uid ?? `${o.metadata.namespace ?? ""}/${o.metadata.name}`;

let counter = 0;

/**
 * The changes between two states of one kind's objects (uid → object): ADDED for a new uid, MODIFIED for a new
 * resourceVersion (with the changed field paths), DELETED for a uid gone. `previous` null is the first state seen:
 * it is the baseline, not news, and yields no entries. Works the same whether the states come from a watch merged
 * into the cache or from successive lists, so no event is invented and none is reported twice.
 */
export function diffStates(
  previous: ObjectState | null,
  items: readonly KubeObject[],
  ref: ResourceRef,
  kind: string,
  now: number,
): { next: Map<string, KubeObject>; entries: ActivityEntry[] } {
  const next = new Map<string, KubeObject>();
  for (const item of items) next.set(keyOf(item), item);
  const entries: ActivityEntry[] = [];
  if (!previous) return { next, entries };
  const entry = (type: ActivityEntry["type"], o: KubeObject, changed: string[] = []): ActivityEntry => ({
    id: `${now}-${++counter}`,
    type,
    at: now,
    ref,
    kind: o.kind ?? kind,
    namespace: o.metadata.namespace,
    name: o.metadata.name,
    uid: o.metadata.uid ?? "",
    resourceVersion: o.metadata.resourceVersion ?? "",
    changed,
  });
  for (const [key, item] of next) {
    const before = previous.get(key);
    if (!before) entries.push(entry("ADDED", item));
    else if (before.metadata.resourceVersion !== item.metadata.resourceVersion) {
      entries.push(entry("MODIFIED", item, changedPaths(before, item)));
    }
  }
  for (const [key, before] of previous) if (!next.has(key)) entries.push(entry("DELETED", before));
  return { next, entries };
}

/** One watch event as the server sent it (object mode). */
export interface ObjectEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: KubeObject;
}

/**
 * Applies a batch of watch events, in order, to `state` (uid → last object seen), returning the new state and one
 * entry per event; a MODIFIED entry names the fields changed since the version held in `state`. An ADDED for an
 * object already held is reported as MODIFIED (a re-sent add after a resync is a change, not a birth). Does not
 * mutate `state`.
 */
export function applyWatchEvents(
  state: ObjectState,
  events: readonly ObjectEvent[],
  ref: ResourceRef,
  kind: string,
  now: number,
): { next: Map<string, KubeObject>; entries: ActivityEntry[] } {
  const next = new Map(state);
  const entries: ActivityEntry[] = [];
  for (const event of events) {
    const key = keyOf(event.object);
    const before = next.get(key);
    const base = {
      id: `${now}-${++counter}`,
      at: now,
      ref,
      kind: event.object.kind ?? kind,
      namespace: event.object.metadata.namespace,
      name: event.object.metadata.name,
      uid: event.object.metadata.uid ?? "",
      resourceVersion: event.object.metadata.resourceVersion ?? "",
    };
    if (event.type === "DELETED") {
      next.delete(key);
      entries.push({ ...base, type: "DELETED", changed: [] });
      continue;
    }
    next.set(key, event.object);
    if (!before) entries.push({ ...base, type: "ADDED", changed: [] });
    else if (before.metadata.resourceVersion !== event.object.metadata.resourceVersion) {
      entries.push({ ...base, type: "MODIFIED", changed: changedPaths(before, event.object) });
    }
  }
  return { next, entries };
}

/** Entries whose kind, namespace, name, type or changed fields contain every word of `text` (case-insensitive). */
export function filterEntries(entries: readonly ActivityEntry[], text: string): readonly ActivityEntry[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries;
  return entries.filter((e) => {
    const hay = [e.type, e.kind, e.ref.resource, e.namespace ?? "", e.name, ...e.changed].join("\n").toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** `stable.example.com/v1/myservices`, `v1/configmaps`: how the activity URL names a picked resource. */
export function encodeRef(ref: ResourceRef): string {
  return ref.group === "" ? `${ref.version}/${ref.resource}` : `${ref.group}/${ref.version}/${ref.resource}`;
}

export function decodeRef(text: string): ResourceRef | null {
  const parts = text.split("/");
  if (parts.length === 2 && parts[0] && parts[1]) return { group: "", version: parts[0], resource: parts[1] };
  if (parts.length === 3 && parts[0] && parts[1] && parts[2]) {
    return { group: parts[0], version: parts[1], resource: parts[2] };
  }
  return null;
}
