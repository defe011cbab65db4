import type { HistoryChangeType, HistoryFieldChange, HistoryManager } from "@loupe/protocol";

/** A JSON object as recorded: managedFields dropped, Secret values replaced by hashes (see sanitize.ts). */
export type RecordedObject = Record<string, unknown>;

/** Which object a change is about. `cluster` identifies the API server (its URL), so contexts of one cluster share. */
export interface ObjectIdentity {
  cluster: string;
  group: string;
  version: string;
  resource: string;
  /** "" for cluster-scoped objects. */
  namespace: string;
  name: string;
  uid: string;
}

/** What the recorder hands a store: one change, with the whole state after it (or, deleted, before it). */
export interface NewChange extends ObjectIdentity {
  /** Milliseconds since the epoch, when Loupe saw the change. */
  time: number;
  type: HistoryChangeType;
  gap: boolean;
  resourceVersion: string;
  managers: HistoryManager[];
  changes: HistoryFieldChange[];
  /** The object after the change (DELETED: its last state). The store keeps it in full every N changes. */
  object: RecordedObject;
  /** Keep `object` in full whatever the count (the previous change may be missing: it was dropped). */
  full?: boolean;
}

/** A change as stored. */
export interface StoredChange extends ObjectIdentity {
  /** Increasing with insertion, unique in the store. */
  id: number;
  time: number;
  type: HistoryChangeType;
  gap: boolean;
  resourceVersion: string;
  managers: HistoryManager[];
  changes: HistoryFieldChange[];
}

/** A filter of {@link HistoryStore.query}; absent fields match everything. */
export interface HistoryFilter {
  cluster: string;
  group?: string;
  /** Matched on group + resource; versions of one resource share a history. */
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  /** Milliseconds; `since` inclusive, `until` inclusive. */
  since?: number;
  until?: number;
  type?: HistoryChangeType;
  manager?: string;
  /** Only changes whose id is below this (the cursor of the previous page). */
  beforeId?: number;
  limit: number;
}

/** The object named by cluster/group/resource/namespace/name, at a time. */
export interface ObjectRef {
  cluster: string;
  group: string;
  resource: string;
  namespace: string;
  name: string;
}

/** The last recorded state of one object (what the recorder compares a fresh list with after a gap). */
export interface LatestState {
  uid: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  deleted: boolean;
  object: RecordedObject;
}

/** What {@link HistoryStore.prune} removed. */
export interface PruneResult {
  removed: number;
}

/**
 * Where the history lives: SQLite (one process) or PostgreSQL (replicas sharing one history). Implementations
 * pass the same contract suite (__tests__/store-contract.ts). A change is stored once per (cluster, uid,
 * resourceVersion) however many recorders append it; of the duplicates the first one appended wins.
 */
export interface HistoryStore {
  /** Creates or upgrades the schema (numbered migrations, each applied once). */
  migrate(): Promise<void>;
  /**
   * Appends changes in one transaction, in order; duplicates are skipped. Resolves with how many were new. Keeps a
   * full state when the object has none recorded, every `fullEvery` changes of it, for ADDED, DELETED, gaps and
   * `full`; a diff otherwise.
   */
  append(changes: readonly NewChange[]): Promise<number>;
  /** Changes matching `filter`, newest first (by id), at most `filter.limit`. */
  query(filter: HistoryFilter): Promise<StoredChange[]>;
  /**
   * The object as it was at `at` (ms): the last change at or before it, and the state it left (one read of a full
   * state plus the diffs after it). Undefined when nothing of that name was recorded by then.
   */
  objectAt(ref: ObjectRef, at: number): Promise<{ change: StoredChange; object: RecordedObject } | undefined>;
  /** The last recorded state of every object of a resource (deleted ones too). */
  latest(cluster: string, group: string, resource: string): Promise<LatestState[]>;
  /** Removes the oldest changes: those before `olderThan` (ms), then more until the store is under `maxBytes`. */
  prune(limits: { olderThan?: number; maxBytes?: number }): Promise<PruneResult>;
  /** Bytes the history takes (live pages or relations, not free space). */
  size(): Promise<number>;
  /** Writes and reads back a row: rejects when the database cannot be written (readiness). */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** Every how many changes of an object a full state is kept (default of the stores' `fullEvery`). */
export const DEFAULT_FULL_EVERY = 20;
