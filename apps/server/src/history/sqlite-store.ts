import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import {
  CHANGE_COLUMNS,
  type ChangeRow,
  filterClause,
  keepsFullState,
  managerNames,
  replay,
  toStoredChange,
} from "./replay.ts";
import {
  DEFAULT_FULL_EVERY,
  type HistoryFilter,
  type HistoryStore,
  type LatestState,
  type NewChange,
  type ObjectRef,
  type PruneResult,
  type RecordedObject,
  type StoredChange,
} from "./types.ts";

/** Numbered migrations, applied in order, each once (recorded in `schema_migrations`). */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE changes (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     cluster TEXT NOT NULL,
     time INTEGER NOT NULL,
     type TEXT NOT NULL,
     gap INTEGER NOT NULL,
     api_group TEXT NOT NULL,
     version TEXT NOT NULL,
     resource TEXT NOT NULL,
     namespace TEXT NOT NULL,
     name TEXT NOT NULL,
     uid TEXT NOT NULL,
     resource_version TEXT NOT NULL,
     managers TEXT NOT NULL,
     manager_names TEXT NOT NULL,
     changes TEXT NOT NULL,
     state TEXT,
     UNIQUE (cluster, uid, resource_version)
   );
   CREATE INDEX changes_object ON changes (cluster, api_group, resource, namespace, name, id);
   CREATE INDEX changes_uid ON changes (cluster, uid, id);
   CREATE INDEX changes_time ON changes (cluster, time);
   CREATE TABLE objects (
     cluster TEXT NOT NULL,
     uid TEXT NOT NULL,
     api_group TEXT NOT NULL,
     resource TEXT NOT NULL,
     namespace TEXT NOT NULL,
     name TEXT NOT NULL,
     resource_version TEXT NOT NULL,
     deleted INTEGER NOT NULL,
     since_full INTEGER NOT NULL,
     state TEXT NOT NULL,
     PRIMARY KEY (cluster, uid)
   );
   CREATE INDEX objects_resource ON objects (cluster, api_group, resource);
   CREATE TABLE probe (id INTEGER PRIMARY KEY, time INTEGER NOT NULL);`,
];

/** Options of a {@link SqliteHistoryStore}. */
export interface SqliteStoreOptions {
  /** The database file (its folder is created), or `:memory:`. */
  path: string;
  /** Every how many changes of an object a full state is kept (default {@link DEFAULT_FULL_EVERY}). */
  fullEvery?: number;
  /** Rows removed per transaction when pruning (default 2,000), so a prune never holds the event loop long. */
  pruneChunk?: number;
}

/**
 * The embedded history: one SQLite file (Node's built-in `node:sqlite`) in WAL mode, so readers never wait for
 * the writer. Calls are synchronous underneath: the recorder appends in batches (one transaction each) and
 * pruning goes in chunks, so no call holds the event loop for long.
 */
export class SqliteHistoryStore implements HistoryStore {
  readonly #db: DatabaseSync;
  readonly #fullEvery: number;
  readonly #pruneChunk: number;
  readonly #statements = new Map<string, StatementSync>();

  constructor(options: SqliteStoreOptions) {
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    this.#db = new DatabaseSync(options.path);
    this.#fullEvery = options.fullEvery ?? DEFAULT_FULL_EVERY;
    this.#pruneChunk = options.pruneChunk ?? 2_000;
    this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  }

  async migrate(): Promise<void> {
    const db = this.#db;
    db.exec("PRAGMA auto_vacuum = INCREMENTAL");
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    const row = db.prepare("SELECT MAX(version) AS v FROM schema_migrations").get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `the history database has schema version ${current}; this Loupe knows up to ${MIGRATIONS.length}`,
      );
    }
    for (let version = current + 1; version <= MIGRATIONS.length; version++) {
      this.#transaction(() => {
        db.exec(MIGRATIONS[version - 1] as string);
        db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)").run(version, Date.now());
      });
    }
  }

  async append(changes: readonly NewChange[]): Promise<number> {
    if (changes.length === 0) return 0;
    const readObject = this.#prepare("SELECT since_full FROM objects WHERE cluster = ? AND uid = ?");
    const insert = this.#prepare(
      `INSERT OR IGNORE INTO changes (cluster, time, type, gap, api_group, version, resource, namespace, name, uid,
         resource_version, managers, manager_names, changes, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const upsert = this.#prepare(
      `INSERT INTO objects (cluster, uid, api_group, resource, namespace, name, resource_version, deleted, since_full, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (cluster, uid) DO UPDATE SET namespace = excluded.namespace, name = excluded.name,
         resource_version = excluded.resource_version, deleted = excluded.deleted, since_full = excluded.since_full,
         state = excluded.state`,
    );
    let added = 0;
    this.#transaction(() => {
      for (const c of changes) {
        const known = readObject.get(c.cluster, c.uid) as { since_full: number } | undefined;
        const full = keepsFullState(c, known?.since_full, this.#fullEvery);
        const state = JSON.stringify(c.object);
        const result = insert.run(
          c.cluster,
          c.time,
          c.type,
          c.gap ? 1 : 0,
          c.group,
          c.version,
          c.resource,
          c.namespace,
          c.name,
          c.uid,
          c.resourceVersion,
          JSON.stringify(c.managers),
          managerNames(c.managers),
          JSON.stringify(c.changes),
          full ? state : null,
        );
        if (result.changes === 0) continue;
        added++;
        upsert.run(
          c.cluster,
          c.uid,
          c.group,
          c.resource,
          c.namespace,
          c.name,
          c.resourceVersion,
          c.type === "DELETED" ? 1 : 0,
          full ? 0 : (known?.since_full ?? 0) + 1,
          state,
        );
      }
    });
    return added;
  }

  async query(filter: HistoryFilter): Promise<StoredChange[]> {
    let bounded = filter;
    if (filter.until !== undefined) {
      // Start the backward walk at the last change up to `until` (one lookup in the time index), not at the newest.
      const last = this.#prepare(
        "SELECT id FROM changes WHERE cluster = ? AND time <= ? ORDER BY time DESC, id DESC LIMIT 1",
      ).get(filter.cluster, filter.until) as { id: number } | undefined;
      if (!last) return [];
      bounded = { ...filter, beforeId: Math.min(filter.beforeId ?? Number.POSITIVE_INFINITY, last.id + 1) };
    }
    const { where, params } = filterClause(bounded, false);
    // The plan, chosen here rather than by SQLite's guess: one object's changes by its index; everything else by
    // walking the ids backwards, which stops at the page's end (the time index would sort every row in range).
    const plan =
      filter.name !== undefined &&
      filter.group !== undefined &&
      filter.resource !== undefined &&
      filter.namespace !== undefined
        ? "INDEXED BY changes_object"
        : filter.uid !== undefined
          ? "INDEXED BY changes_uid"
          : "NOT INDEXED";
    const rows = this.#db
      .prepare(`SELECT ${CHANGE_COLUMNS} FROM changes ${plan} WHERE ${where} ORDER BY id DESC LIMIT ?`)
      .all(...(params as (string | number)[]), filter.limit) as unknown as ChangeRow[];
    return rows.map(toStoredChange);
  }

  async objectAt(ref: ObjectRef, at: number): Promise<{ change: StoredChange; object: RecordedObject } | undefined> {
    const target = this.#prepare(
      `SELECT ${CHANGE_COLUMNS} FROM changes INDEXED BY changes_object WHERE cluster = ? AND api_group = ?
         AND resource = ? AND namespace = ? AND name = ? AND time <= ? ORDER BY id DESC LIMIT 1`,
    ).get(ref.cluster, ref.group, ref.resource, ref.namespace, ref.name, at) as ChangeRow | undefined;
    if (!target) return undefined;
    const change = toStoredChange(target);
    const object = this.#rebuild(change.cluster, change.uid, change.id, change.resourceVersion);
    return object ? { change, object } : undefined;
  }

  async latest(cluster: string, group: string, resource: string): Promise<LatestState[]> {
    const rows = this.#prepare(
      `SELECT uid, namespace, name, resource_version, deleted, state FROM objects
       WHERE cluster = ? AND api_group = ? AND resource = ?`,
    ).all(cluster, group, resource) as {
      uid: string;
      namespace: string;
      name: string;
      resource_version: string;
      deleted: number;
      state: string;
    }[];
    return rows.map((r) => ({
      uid: r.uid,
      namespace: r.namespace,
      name: r.name,
      resourceVersion: r.resource_version,
      deleted: r.deleted === 1,
      object: JSON.parse(r.state) as RecordedObject,
    }));
  }

  async prune(limits: { olderThan?: number; maxBytes?: number }): Promise<PruneResult> {
    let removed = 0;
    if (limits.olderThan !== undefined) {
      for (;;) {
        const n = this.#pruneOldest(limits.olderThan);
        removed += n;
        if (n < this.#pruneChunk) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (limits.maxBytes !== undefined) {
      // Rows to remove, from the average row's share of the size; again while still over (indexes shrink less).
      for (let round = 0; round < 10; round++) {
        const size = await this.size();
        if (size <= limits.maxBytes) break;
        const { n } = this.#prepare("SELECT COUNT(*) AS n FROM changes").get() as { n: number };
        let excess = Math.max(1, Math.ceil(n * (1 - limits.maxBytes / size)));
        while (excess > 0) {
          const gone = this.#pruneOldest(undefined, Math.min(excess, this.#pruneChunk));
          removed += gone;
          excess -= gone;
          if (gone === 0) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
        this.#db.exec("PRAGMA incremental_vacuum");
      }
    }
    if (removed > 0) {
      // A deleted object whose every change is gone has nothing left to show.
      this.#db.exec(
        `DELETE FROM objects WHERE deleted = 1 AND NOT EXISTS
           (SELECT 1 FROM changes c WHERE c.cluster = objects.cluster AND c.uid = objects.uid)`,
      );
      this.#db.exec("PRAGMA incremental_vacuum");
    }
    return { removed };
  }

  async size(): Promise<number> {
    const pages = this.#db.prepare("PRAGMA page_count").get() as { page_count: number };
    const free = this.#db.prepare("PRAGMA freelist_count").get() as { freelist_count: number };
    const size = this.#db.prepare("PRAGMA page_size").get() as { page_size: number };
    return (pages.page_count - free.freelist_count) * size.page_size;
  }

  async probe(): Promise<void> {
    const now = Date.now();
    this.#prepare("INSERT INTO probe (id, time) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET time = excluded.time").run(
      now,
    );
    const row = this.#prepare("SELECT time FROM probe WHERE id = 1").get() as { time: number } | undefined;
    if (row?.time !== now) throw new Error("the history database did not keep a write");
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

  /**
   * Removes one chunk of the oldest changes (only those before `olderThan` when given). The first change kept of
   * each object touched gets a full state first if it has none, so every later moment stays rebuildable.
   */
  #pruneOldest(olderThan: number | undefined, limit = this.#pruneChunk): number {
    let removed = 0;
    this.#transaction(() => {
      const rows = (
        olderThan === undefined
          ? this.#prepare("SELECT id, cluster, uid FROM changes ORDER BY id LIMIT ?").all(limit)
          : this.#prepare("SELECT id, cluster, uid FROM changes WHERE time < ? ORDER BY id LIMIT ?").all(
              olderThan,
              limit,
            )
      ) as { id: number; cluster: string; uid: string }[];
      if (rows.length === 0) return;
      const lastId = rows[rows.length - 1]?.id as number;
      const firstKept = this.#prepare(
        "SELECT id, resource_version, state IS NULL AS partial FROM changes WHERE cluster = ? AND uid = ? AND id > ? ORDER BY id LIMIT 1",
      );
      const setState = this.#prepare("UPDATE changes SET state = ? WHERE id = ?");
      const seen = new Set<string>();
      for (const { cluster, uid } of rows) {
        const key = `${cluster}\u0000${uid}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const kept = firstKept.get(cluster, uid, lastId) as
          | { id: number; resource_version: string; partial: number }
          | undefined;
        if (kept?.partial !== 1) continue;
        const object = this.#rebuild(cluster, uid, kept.id, kept.resource_version);
        if (object) setState.run(JSON.stringify(object), kept.id);
      }
      // Rows whose object was still rebuilt above, and the chunk itself: ids ≤ lastId of these rows only.
      const remove =
        olderThan === undefined
          ? this.#prepare("DELETE FROM changes WHERE id <= ?").run(lastId)
          : this.#prepare("DELETE FROM changes WHERE id <= ? AND time < ?").run(lastId, olderThan);
      removed = Number(remove.changes);
    });
    return removed;
  }

  /** The state change `id` of `uid` left: the last full state at or before it, plus the diffs up to it. */
  #rebuild(cluster: string, uid: string, id: number, resourceVersion: string): RecordedObject | undefined {
    const base = this.#prepare(
      "SELECT id, state FROM changes WHERE cluster = ? AND uid = ? AND id <= ? AND state IS NOT NULL ORDER BY id DESC LIMIT 1",
    ).get(cluster, uid, id) as { id: number; state: string } | undefined;
    if (!base) return undefined;
    const diffs = this.#prepare(
      "SELECT changes FROM changes WHERE cluster = ? AND uid = ? AND id > ? AND id <= ? ORDER BY id",
    ).all(cluster, uid, base.id, id) as { changes: string }[];
    return replay(
      base.state,
      diffs.map((d) => d.changes),
      resourceVersion,
    );
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #transaction(run: () => void): void {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      run();
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }
}
