import { join } from "node:path";
import { PostgresHistoryStore } from "./postgres-store.ts";
import { SqliteHistoryStore } from "./sqlite-store.ts";
import type { HistoryStore } from "./types.ts";

/**
 * The store `--history-db` / `--history-dir` name: PostgreSQL for a `postgres://` or `postgresql://` URL, else
 * SQLite in `<dir>/history.db`. Throws an Error naming the flag for anything else.
 */
export function openHistoryStore(options: { db?: string; dir: string }): HistoryStore {
  if (options.db !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(options.db)) {
      throw new Error(`--history-db must be a postgres:// URL, not "${options.db.replace(/:[^:@/]*@/, ":***@")}"`);
    }
    return new PostgresHistoryStore({ connectionString: options.db });
  }
  return new SqliteHistoryStore({ path: join(options.dir, "history.db") });
}
