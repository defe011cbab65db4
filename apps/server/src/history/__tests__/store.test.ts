import { afterAll } from "vitest";
import { postgresForTests } from "../../../test/postgres.ts";
import { PostgresHistoryStore } from "../postgres-store.ts";
import { SqliteHistoryStore } from "../sqlite-store.ts";
import { storeContract } from "./store-contract.ts";

storeContract(
  "SQLite",
  async () => new SqliteHistoryStore({ path: ":memory:", fullEvery: 3, pruneChunk: 4 }),
  (before) => Math.floor(before / 2),
);

const postgres = await postgresForTests();
afterAll(() => postgres?.stop());
storeContract(
  "PostgreSQL",
  postgres &&
    (async () => new PostgresHistoryStore({ connectionString: await postgres.url(), fullEvery: 3, pruneChunk: 4 })),
  (before) => before * 1.05,
);
