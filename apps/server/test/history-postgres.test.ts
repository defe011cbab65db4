import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PostgresHistoryStore } from "../src/history/postgres-store.ts";
import { recordingApp, waitForHistory } from "./history-support.ts";
import { postgresForTests, type TestPostgres } from "./postgres.ts";
import { type Kube, testKube } from "./watch-support.ts";

// Two Loupe servers (replicas) recording one cluster into one PostgreSQL database, started by the test from the
// machine's packages: every change stored exactly once, none missing, and either replica serves all of it.
const cluster = inject("cluster");
// Started at load time, so a missing PostgreSQL skips the suite locally, and fails it under CI (CI=true).
const postgres: TestPostgres | undefined = await postgresForTests();
let url: string;
let kube: Kube;
let closeKube: () => Promise<void>;
const apps: FastifyInstance[] = [];
const ns = `hist-pg-${Date.now().toString(36)}`;

beforeAll(async () => {
  if (!postgres) return;
  url = await postgres.url();
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(ns);
}, 120_000);
afterAll(async () => {
  for (const app of apps.splice(0)) await app.close();
  if (postgres) {
    await kube.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
    await closeKube();
    postgres.stop();
  }
});

describe.skipIf(postgres === undefined)("history in PostgreSQL", () => {
  it("two replicas on one database store each change once, none missing", async () => {
    if (!postgres) throw new Error("PostgreSQL did not start");
    for (let i = 0; i < 2; i++) {
      apps.push(await recordingApp(cluster.kubeconfigPath, new PostgresHistoryStore({ connectionString: url })));
    }
    const [a, b] = apps as [FastifyInstance, FastifyInstance];
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const N = 20;
    for (let i = 0; i < N; i++) await kube.request("POST", path, { metadata: { name: `cm-${i}` }, data: { v: "1" } });
    for (let i = 0; i < N; i++) {
      await kube.request("PATCH", `${path}/cm-${i}`, { data: { v: "2" } }, "application/merge-patch+json");
    }
    for (let i = 0; i < N; i += 2) await kube.request("DELETE", `${path}/cm-${i}`);
    const expected = N + N + N / 2;
    const mine = <T extends { name: string }>(items: T[]) => items.filter((c) => c.name.startsWith("cm-"));
    await waitForHistory(a, `namespace=${ns}&limit=500`, (items) => mine(items).length === expected);
    await b.historyFlush();
    const fromB = await waitForHistory(b, `namespace=${ns}&limit=500`, (items) => mine(items).length === expected);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ type: string; n: string; distinct_rv: string }>(
        `SELECT type, COUNT(*) AS n, COUNT(DISTINCT (uid, resource_version)) AS distinct_rv FROM loupe_changes
         WHERE namespace = $1 AND name LIKE 'cm-%' GROUP BY type ORDER BY type`,
        [ns],
      );
      expect(rows.map((r) => [r.type, Number(r.n), Number(r.distinct_rv)])).toEqual([
        ["ADDED", N, N],
        ["DELETED", N / 2, N / 2],
        ["MODIFIED", N, N],
      ]);
    } finally {
      await db.end();
    }
    // Per object, in order: ADDED, MODIFIED (v 1 → 2), and DELETED for the even ones.
    for (let i = 0; i < N; i++) {
      const types = mine(fromB)
        .filter((c) => c.name === `cm-${i}`)
        .map((c) => c.type)
        .reverse();
      expect(types).toEqual(i % 2 === 0 ? ["ADDED", "MODIFIED", "DELETED"] : ["ADDED", "MODIFIED"]);
    }
    const modified = mine(fromB).find((c) => c.name === "cm-1" && c.type === "MODIFIED");
    expect(modified?.changes).toEqual([{ path: "/data/v", before: "1", after: "2" }]);
    const metrics = (await a.inject({ method: "GET", url: "/metrics" })).body;
    const recordedA = Number(/^loupe_history_changes_recorded_total (\d+)$/m.exec(metrics)?.[1]);
    const metricsB = (await b.inject({ method: "GET", url: "/metrics" })).body;
    const recordedB = Number(/^loupe_history_changes_recorded_total (\d+)$/m.exec(metricsB)?.[1]);
    // Between them the replicas stored each change once (they also stored what else changed in the cluster).
    expect(recordedA + recordedB).toBeGreaterThanOrEqual(expected);
    expect(Number(/^loupe_history_changes_dropped_total (\d+)$/m.exec(metrics)?.[1])).toBe(0);
    expect((await a.inject({ method: "GET", url: "/readyz" })).json().checks.history).toEqual({ ok: true });
  });
});
