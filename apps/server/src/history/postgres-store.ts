import pg from "pg";
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

/** Numbered migrations, applied in order, each once (recorded in `loupe_schema_migrations`). */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE loupe_changes (
     id BIGSERIAL PRIMARY KEY,
     cluster TEXT NOT NULL,
     time BIGINT NOT NULL,
     type TEXT NOT NULL,
     gap BOOLEAN NOT NULL,
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
   CREATE INDEX loupe_changes_object ON loupe_changes (cluster, api_group, resource, namespace, name, id);
   CREATE INDEX loupe_changes_uid ON loupe_changes (cluster, uid, id);
   CREATE INDEX loupe_changes_time ON loupe_changes (cluster, time);
   CREATE TABLE loupe_objects (
     cluster TEXT NOT NULL,
     uid TEXT NOT NULL,
     api_group TEXT NOT NULL,
     resource TEXT NOT NULL,
     namespace TEXT NOT NULL,
     name TEXT NOT NULL,
     resource_version TEXT NOT NULL,
     deleted BOOLEAN NOT NULL,
     since_full INTEGER NOT NULL,
     state TEXT NOT NULL,
     PRIMARY KEY (cluster, uid)
   );
   CREATE INDEX loupe_objects_resource ON loupe_objects (cluster, api_group, resource);
   CREATE TABLE loupe_probe (id TEXT PRIMARY KEY, time BIGINT NOT NULL);`,
];

/** An arbitrary constant: the advisory lock that lets one replica at a time migrate. */
const MIGRATION_LOCK = 7_755_011;

/** Options of a {@link PostgresHistoryStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (libpq-style parameters as `pg` reads them). */
  connectionString: string;
  /** Every how many changes of an object a full state is kept (default {@link DEFAULT_FULL_EVERY}). */
  fullEvery?: number;
  /** Connections at most (default 4). */
  maxConnections?: number;
  /** Rows removed per transaction when pruning (default 2,000). */
  pruneChunk?: number;
}

type Queryable = pg.Pool | pg.PoolClient;

/**
 * The shared history: PostgreSQL, for replicas of Loupe behind one Service. Every replica records what it sees;
 * the unique (cluster, uid, resource_version) keeps each change once, and a replica's duplicate leaves the stored
 * one as it is. Migrations take an advisory lock, so replicas starting together migrate once.
 */
export class PostgresHistoryStore implements HistoryStore {
  readonly #pool: pg.Pool;
  readonly #fullEvery: number;
  readonly #pruneChunk: number;
  #closed = false;
  readonly #probeId = `${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(options: PostgresStoreOptions) {
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: 5_000,
      application_name: "loupe",
    });
    // An idle connection the server closed must not crash the process; the next query reconnects.
    this.#pool.on("error", () => {});
    this.#fullEvery = options.fullEvery ?? DEFAULT_FULL_EVERY;
    this.#pruneChunk = options.pruneChunk ?? 2_000;
  }

  async migrate(): Promise<void> {
    await this.#transaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await client.query(
        "CREATE TABLE IF NOT EXISTS loupe_schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)",
      );
      const { rows } = await client.query<{ v: number | null }>(
        "SELECT MAX(version) AS v FROM loupe_schema_migrations",
      );
      const current = rows[0]?.v ?? 0;
      if (current > MIGRATIONS.length) {
        throw new Error(
          `the history database has schema version ${current}; this Loupe knows up to ${MIGRATIONS.length}`,
        );
      }
      for (let version = current + 1; version <= MIGRATIONS.length; version++) {
        await client.query(MIGRATIONS[version - 1] as string);
        await client.query("INSERT INTO loupe_schema_migrations (version, applied_at) VALUES ($1, $2)", [
          version,
          Date.now(),
        ]);
      }
    });
  }

  async append(changes: readonly NewChange[]): Promise<number> {
    if (changes.length === 0) return 0;
    return this.#transaction(async (client) => {
      let added = 0;
      for (const c of changes) {
        const known = await client.query<{ since_full: number }>(
          "SELECT since_full FROM loupe_objects WHERE cluster = $1 AND uid = $2",
          [c.cluster, c.uid],
        );
        const sinceFull = known.rows[0]?.since_full;
        const full = keepsFullState(c, sinceFull, this.#fullEvery);
        const state = JSON.stringify(c.object);
        const inserted = await client.query(
          `INSERT INTO loupe_changes (cluster, time, type, gap, api_group, version, resource, namespace, name, uid,
             resource_version, managers, manager_names, changes, state)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           ON CONFLICT (cluster, uid, resource_version) DO NOTHING`,
          [
            c.cluster,
            c.time,
            c.type,
            c.gap,
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
          ],
        );
        if (inserted.rowCount === 0) continue;
        added++;
        await client.query(
          `INSERT INTO loupe_objects (cluster, uid, api_group, resource, namespace, name, resource_version, deleted,
             since_full, state)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (cluster, uid) DO UPDATE SET namespace = excluded.namespace, name = excluded.name,
             resource_version = excluded.resource_version, deleted = excluded.deleted,
             since_full = excluded.since_full, state = excluded.state`,
          [
            c.cluster,
            c.uid,
            c.group,
            c.resource,
            c.namespace,
            c.name,
            c.resourceVersion,
            c.type === "DELETED",
            full ? 0 : (sinceFull ?? 0) + 1,
            state,
          ],
        );
      }
      return added;
    });
  }

  async query(filter: HistoryFilter): Promise<StoredChange[]> {
    const { where, params } = filterClause(filter, true);
    const { rows } = await this.#pool.query<ChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM loupe_changes WHERE ${where} ORDER BY id DESC LIMIT $${params.length + 1}`,
      [...params, filter.limit],
    );
    return rows.map(toStoredChange);
  }

  async objectAt(ref: ObjectRef, at: number): Promise<{ change: StoredChange; object: RecordedObject } | undefined> {
    const { rows } = await this.#pool.query<ChangeRow>(
      `SELECT ${CHANGE_COLUMNS} FROM loupe_changes WHERE cluster = $1 AND api_group = $2 AND resource = $3
         AND namespace = $4 AND name = $5 AND time <= $6 ORDER BY id DESC LIMIT 1`,
      [ref.cluster, ref.group, ref.resource, ref.namespace, ref.name, at],
    );
    const target = rows[0];
    if (!target) return undefined;
    const change = toStoredChange(target);
    const object = await this.#rebuild(this.#pool, change.cluster, change.uid, change.id, change.resourceVersion);
    return object ? { change, object } : undefined;
  }

  async latest(cluster: string, group: string, resource: string): Promise<LatestState[]> {
    const { rows } = await this.#pool.query<{
      uid: string;
      namespace: string;
      name: string;
      resource_version: string;
      deleted: boolean;
      state: string;
    }>(
      `SELECT uid, namespace, name, resource_version, deleted, state FROM loupe_objects
       WHERE cluster = $1 AND api_group = $2 AND resource = $3`,
      [cluster, group, resource],
    );
    return rows.map((r) => ({
      uid: r.uid,
      namespace: r.namespace,
      name: r.name,
      resourceVersion: r.resource_version,
      deleted: r.deleted,
      object: JSON.parse(r.state) as RecordedObject,
    }));
  }

  async prune(limits: { olderThan?: number; maxBytes?: number }): Promise<PruneResult> {
    let removed = 0;
    if (limits.olderThan !== undefined) {
      for (;;) {
        const n = await this.#pruneOldest(limits.olderThan);
        removed += n;
        if (n < this.#pruneChunk) break;
      }
    }
    if (limits.maxBytes !== undefined) {
      // PostgreSQL frees removed rows' space for reuse at vacuum, without giving it back: the size stays, so the
      // rows to remove come from the average row's share of it, once per prune.
      const size = await this.size();
      if (size > limits.maxBytes) {
        const { rows } = await this.#pool.query<{ n: string }>("SELECT COUNT(*) AS n FROM loupe_changes");
        let excess = Math.max(1, Math.ceil(Number(rows[0]?.n ?? 0) * (1 - limits.maxBytes / size)));
        while (excess > 0) {
          const gone = await this.#pruneOldest(undefined, Math.min(excess, this.#pruneChunk));
          removed += gone;
          excess -= gone;
          if (gone === 0) break;
        }
      }
    }
    if (removed > 0) {
      // A deleted object whose every change is gone has nothing left to show.
      await this.#pool.query(
        `DELETE FROM loupe_objects o WHERE deleted AND NOT EXISTS
           (SELECT 1 FROM loupe_changes c WHERE c.cluster = o.cluster AND c.uid = o.uid)`,
      );
      await this.#pool.query("VACUUM loupe_changes");
    }
    return { removed };
  }

  /**
   * Bytes of the history's tables with their indexes and TOAST. PostgreSQL reuses the space of removed rows only
   * after (auto)vacuum, so the figure falls after a prune once vacuum ran.
   */
  async size(): Promise<number> {
    const { rows } = await this.#pool.query<{ bytes: string }>(
      `SELECT COALESCE(pg_total_relation_size('loupe_changes'), 0) + COALESCE(pg_total_relation_size('loupe_objects'), 0)
         AS bytes`,
    );
    return Number(rows[0]?.bytes ?? 0);
  }

  async probe(): Promise<void> {
    const now = Date.now();
    const { rows } = await this.#pool.query<{ time: string }>(
      `INSERT INTO loupe_probe (id, time) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET time = excluded.time
       RETURNING time`,
      [this.#probeId, now],
    );
    if (Number(rows[0]?.time) !== now) throw new Error("the history database did not keep a write");
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  /** One chunk of the oldest changes, as SqliteHistoryStore's: first kept change of each object made whole first. */
  async #pruneOldest(olderThan: number | undefined, limit = this.#pruneChunk): Promise<number> {
    return this.#transaction(async (client) => {
      const { rows } =
        olderThan === undefined
          ? await client.query<{ id: string; cluster: string; uid: string }>(
              "SELECT id, cluster, uid FROM loupe_changes ORDER BY id LIMIT $1",
              [limit],
            )
          : await client.query<{ id: string; cluster: string; uid: string }>(
              "SELECT id, cluster, uid FROM loupe_changes WHERE time < $1 ORDER BY id LIMIT $2",
              [olderThan, limit],
            );
      if (rows.length === 0) return 0;
      const lastId = Number(rows[rows.length - 1]?.id);
      const seen = new Set<string>();
      for (const { cluster, uid } of rows) {
        const key = `${cluster}\u0000${uid}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const kept = await client.query<{ id: string; resource_version: string; partial: boolean }>(
          `SELECT id, resource_version, state IS NULL AS partial FROM loupe_changes
           WHERE cluster = $1 AND uid = $2 AND id > $3 ORDER BY id LIMIT 1`,
          [cluster, uid, lastId],
        );
        const first = kept.rows[0];
        if (!first?.partial) continue;
        const object = await this.#rebuild(client, cluster, uid, Number(first.id), first.resource_version);
        if (object) {
          await client.query("UPDATE loupe_changes SET state = $1 WHERE id = $2", [JSON.stringify(object), first.id]);
        }
      }
      const result =
        olderThan === undefined
          ? await client.query("DELETE FROM loupe_changes WHERE id <= $1", [lastId])
          : await client.query("DELETE FROM loupe_changes WHERE id <= $1 AND time < $2", [lastId, olderThan]);
      return result.rowCount ?? 0;
    });
  }

  async #rebuild(
    db: Queryable,
    cluster: string,
    uid: string,
    id: number,
    resourceVersion: string,
  ): Promise<RecordedObject | undefined> {
    const base = await db.query<{ id: string; state: string }>(
      `SELECT id, state FROM loupe_changes WHERE cluster = $1 AND uid = $2 AND id <= $3 AND state IS NOT NULL
       ORDER BY id DESC LIMIT 1`,
      [cluster, uid, id],
    );
    const found = base.rows[0];
    if (!found) return undefined;
    const diffs = await db.query<{ changes: string }>(
      "SELECT changes FROM loupe_changes WHERE cluster = $1 AND uid = $2 AND id > $3 AND id <= $4 ORDER BY id",
      [cluster, uid, found.id, id],
    );
    return replay(
      found.state,
      diffs.rows.map((d) => d.changes),
      resourceVersion,
    );
  }

  async #transaction<T>(run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query("BEGIN");
      const result = await run(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}
