import type { WatchTarget } from "@loupe/protocol";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiError } from "../src/errors.ts";
import { unique } from "./support.ts";
import { createGadgetCrd } from "./watch-crd.ts";
import {
  type Kube,
  listenApp,
  metric,
  pathOf,
  pool,
  type RunningApp,
  sameState,
  testKube,
  WatchClient,
  waitFor,
} from "./watch-support.ts";

// The issue asks for 2,000 operations; LOUPE_WATCH_OPS overrides it (e.g. for a longer soak).
const OPERATIONS = Number(process.env.LOUPE_WATCH_OPS ?? 2_000);
const CLIENTS = 5;
const NAMES = 40;

const cluster = inject("cluster");
const run = unique("conv");
const namespace = run;
const group = `${run}.loupe.test`;
let running: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;
let cleanupCrd: () => Promise<void>;

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, { watch: { lingerMs: 200 } });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(namespace);
  ({ cleanup: cleanupCrd } = await createGadgetCrd(kube, group));
});
afterAll(async () => {
  await running?.app.close();
  await cleanupCrd?.();
  await closeKube?.();
});

const ctx = { context: "loupe-local" };
const kinds = [
  { group: "", version: "v1", resource: "configmaps", body: (n: number) => ({ data: { n: String(n) } }) },
  { group: "", version: "v1", resource: "secrets", body: (n: number) => ({ stringData: { n: String(n) } }) },
  { group, version: "v1", resource: "gadgets", body: (n: number) => ({ spec: { size: n } }) },
];

/** Every key a client may hold: per kind, namespaced object and table mode, plus label-selected ones. */
function targets(): WatchTarget[] {
  const list: WatchTarget[] = [];
  for (const kind of kinds) {
    const base = { ...ctx, group: kind.group, version: kind.version, resource: kind.resource };
    list.push({ ...base, namespace });
    list.push({ ...base, namespace, table: true });
    list.push({ ...base, labelSelector: `run=${run},color=blue` });
  }
  return list;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

async function operate(i: number): Promise<void> {
  const kind = pick(kinds);
  const path = pathOf({ ...ctx, group: kind.group, version: kind.version, resource: kind.resource, namespace });
  const name = `o${Math.floor(Math.random() * NAMES)}`;
  const labels = { run, color: pick(["blue", "red"]) };
  const roll = Math.random();
  try {
    if (roll < 0.4) {
      const apiVersion = kind.group ? `${kind.group}/${kind.version}` : kind.version;
      const kindName = { configmaps: "ConfigMap", secrets: "Secret", gadgets: "Gadget" }[kind.resource];
      await kube.request("POST", path, { apiVersion, kind: kindName, metadata: { name, labels }, ...kind.body(i) });
    } else if (roll < 0.8) {
      const patch = { metadata: { labels }, ...kind.body(i) };
      await kube.request("PATCH", `${path}/${name}`, patch, "application/merge-patch+json");
    } else {
      await kube.request("DELETE", `${path}/${name}`);
    }
  } catch (error) {
    // Random names collide: creating what exists and changing what is gone are part of the game.
    if (!(error instanceof ApiError && (error.statusCode === 404 || error.statusCode === 409))) throw error;
  }
}

describe("watch convergence", () => {
  it(`${OPERATIONS} random writes over 3 kinds while ${CLIENTS} clients come and go: every view equals a fresh list`, async () => {
    const all = targets();
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => WatchClient.connect(running.watchUrl)));
    for (const client of clients) client.keepEvents = false;
    const held = clients.map(() => new Map<string, WatchTarget>());
    let serial = 0;
    let writing = true;
    const churn = async (c: number) => {
      const client = clients[c] as WatchClient;
      const mine = held[c] as Map<string, WatchTarget>;
      while (writing) {
        const [id] = mine.size > 0 && Math.random() < 0.4 ? [pick([...mine.keys()])] : [];
        if (id !== undefined) {
          client.unsubscribe(id);
          mine.delete(id);
        } else {
          const target = pick(all);
          const id = `k${all.indexOf(target)}-${serial++}`;
          client.subscribe(id, target);
          mine.set(id, target);
        }
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));
      }
    };
    const started = Date.now();
    const churning = clients.map((_, c) => churn(c));
    const ops = Array.from({ length: OPERATIONS }, (_, i) => i);
    await pool(ops, 8, operate);
    const writeSeconds = (Date.now() - started) / 1000;
    writing = false;
    await Promise.all(churning);
    // Every client ends holding every key, some from long ago, some brand new.
    for (const [c, client] of clients.entries()) {
      for (const [k, target] of all.entries()) {
        if (![...(held[c] as Map<string, WatchTarget>).values()].includes(target)) {
          const id = `k${k}-final`;
          client.subscribe(id, target);
          held[c]?.set(id, target);
        }
      }
    }
    const fresh = new Map<WatchTarget, Map<string, string>>();
    for (const target of all) fresh.set(target, await kube.state(pathOf(target)));
    try {
      await waitFor(
        "every view to equal a fresh list",
        () =>
          clients.every((client, c) =>
            [...(held[c] as Map<string, WatchTarget>)].every(([id, target]) =>
              sameState(client.view(id).items, fresh.get(target) as Map<string, string>),
            ),
          ),
        20_000,
      );
    } finally {
      for (const client of clients) client.close();
    }
    const totalSeconds = (Date.now() - started) / 1000;
    const eventsOut = await metric(running.baseUrl, "loupe_watch_events_out_total");
    const eventsIn = await metric(running.baseUrl, "loupe_watch_events_in_total");
    console.info(
      `convergence: ${OPERATIONS} writes in ${writeSeconds.toFixed(1)} s (${(OPERATIONS / writeSeconds).toFixed(0)}/s), ` +
        `converged after ${totalSeconds.toFixed(1)} s; events in ${eventsIn}, out ${eventsOut}, ` +
        `subscriptions made ${serial}`,
    );
    expect(eventsIn).toBeGreaterThan(0);
    for (const state of fresh.values()) expect(state.size).toBeLessThanOrEqual(NAMES * 3);
  }, 120_000);
});
