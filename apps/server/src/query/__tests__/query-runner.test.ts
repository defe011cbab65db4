import type { CatalogResource, KubeObject, QueryHit } from "@loupe/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseLabelSelector } from "../label-selector.ts";
import type { KindListener, ObjectSource, SourceRequest } from "../object-source.ts";
import { QueryRunner } from "../query-runner.ts";

const kind = (resource: string): CatalogResource => ({
  group: "example.com",
  version: "v1",
  resource,
  kind: resource,
  singular: resource,
  namespaced: true,
  verbs: ["list", "watch"],
  shortNames: [],
  categories: [],
  subresources: [],
  preferredVersion: "v1",
  versions: ["v1"],
  custom: true,
});
const object = (name: string, labels: Record<string, string> = {}): { object: KubeObject } => ({
  object: { metadata: { name, namespace: "a", uid: name, labels } },
});

/** A source whose kinds answer when the test says so. */
class FakeSource implements ObjectSource {
  readonly listeners = new Map<string, KindListener>();
  watch(request: SourceRequest) {
    for (const kind of request.kinds) this.listeners.set(kind.resource, request.listener(kind));
    return () => this.listeners.clear();
  }
}

function run(source: FakeSource, options: { limit?: number; selector?: string; match?: (o: KubeObject) => boolean }) {
  const runner = new QueryRunner({
    context: "c",
    identity: "",
    kinds: [kind("alphas"), kind("betas"), kind("gammas")],
    source,
    match: (_k, o) => ((options.match ?? (() => true))(o) ? { matched: ["name"] } : undefined),
    shape: (_k, o) => o,
    namespace: "",
    selector: parseLabelSelector(options.selector ?? ""),
    limit: options.limit ?? 100,
    kindTimeoutMs: 5_000,
  });
  const hits = new Map<string, QueryHit>();
  const progress: ReturnType<QueryRunner["progress"]>[] = [];
  runner.listen({
    onEvents: (events) => {
      for (const e of events) {
        if (!("object" in e)) continue;
        const hit = e.object as QueryHit;
        const key = `${hit.hit.resource}/${hit.metadata.name}`;
        if (e.type === "DELETED") hits.delete(key);
        else hits.set(key, hit);
      }
    },
    onProgress: (p) => progress.push(p),
    onFailed: () => {},
  });
  runner.start();
  return { runner, hits, progress };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("QueryRunner", () => {
  it("streams each kind's hits as it answers; a dead kind is reported after its timeout and blocks nothing", () => {
    const source = new FakeSource();
    const { hits, progress } = run(source, {});
    source.listeners.get("alphas")?.onSynced([object("a1"), object("a2")]);
    expect([...hits.keys()]).toEqual(["alphas/a1", "alphas/a2"]);
    source.listeners.get("betas")?.onError("betas is forbidden");
    expect(progress.at(-1)).toMatchObject({ kinds: 3, done: 2, complete: false, failedCount: 1 });
    vi.advanceTimersByTime(5_000);
    expect(progress.at(-1)).toMatchObject({ done: 3, complete: true, failedCount: 2 });
    expect(progress.at(-1)?.failed.map((f) => f.message)).toEqual([
      "betas is forbidden",
      "no answer within 5 s (still trying: it joins when it answers)",
    ]);
    // The slow kind answers after all: it joins, and is no longer failed.
    source.listeners.get("gammas")?.onSynced([object("g1")]);
    expect(hits.has("gammas/g1")).toBe(true);
    expect(progress.at(-1)?.failedCount).toBe(1);
  });

  it("follows changes: objects start and stop matching, and go", () => {
    const source = new FakeSource();
    const { hits } = run(source, { selector: "team=blue" });
    const alphas = source.listeners.get("alphas");
    alphas?.onSynced([object("a1", { team: "blue" }), object("a2", { team: "red" })]);
    expect([...hits.keys()]).toEqual(["alphas/a1"]);
    alphas?.onEvents([{ type: "MODIFIED", ...object("a2", { team: "blue" }) }]);
    alphas?.onEvents([{ type: "MODIFIED", ...object("a1", { team: "red" }) }]);
    expect([...hits.keys()]).toEqual(["alphas/a2"]);
    alphas?.onEvents([{ type: "DELETED", ...object("a2", { team: "blue" }) }]);
    expect(hits.size).toBe(0);
    // A relist that no longer has an object removes its hit.
    alphas?.onSynced([object("a3", { team: "blue" })]);
    alphas?.onSynced([]);
    expect(hits.size).toBe(0);
  });

  it("holds at most `limit` hits and says it left some out", () => {
    const source = new FakeSource();
    const { hits, progress, runner } = run(source, { limit: 2 });
    source.listeners.get("alphas")?.onSynced([object("a1"), object("a2"), object("a3")]);
    expect(hits.size).toBe(2);
    expect(progress.at(-1)).toMatchObject({ hits: 2, truncated: true });
    expect(JSON.parse(runner.snapshotBytes().toString()).items).toHaveLength(2);
  });

  it("counts objects whose evaluation fails instead of failing the query", () => {
    const source = new FakeSource();
    const { hits, progress } = run(source, {
      match: (o) => {
        if (o.metadata.name === "bad") throw new Error("No such key: status");
        return true;
      },
    });
    source.listeners.get("alphas")?.onSynced([object("bad"), object("good")]);
    expect([...hits.keys()]).toEqual(["alphas/good"]);
    expect(progress.at(-1)).toMatchObject({
      evaluationErrors: 1,
      evaluationError: "alphas a/bad: No such key: status",
    });
  });

  it("stop() stops listening to every kind", () => {
    const source = new FakeSource();
    const { runner } = run(source, {});
    expect(source.listeners.size).toBe(3);
    runner.stop();
    expect(source.listeners.size).toBe(0);
  });
});

describe("QueryRunner and RBAC", () => {
  it("leaves a forbidden kind out (hits dropped, counted, no failure); a later list brings it back", () => {
    const source = new FakeSource();
    const { hits, progress } = run(source, {});
    source.listeners.get("alphas")?.onSynced([object("a1")]);
    source.listeners.get("alphas")?.onForbidden("alphas is forbidden");
    expect(hits.size).toBe(0);
    expect(progress.at(-1)).toMatchObject({ forbidden: 1, failedCount: 0 });
    source.listeners.get("alphas")?.onSynced([object("a1")]);
    expect(hits.size).toBe(1);
    expect(progress.at(-1)?.forbidden).toBeUndefined();
  });
});
