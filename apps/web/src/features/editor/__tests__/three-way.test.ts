import { describe, expect, it } from "vitest";
import { applyPicks, deepEqual, rebase } from "../utils/three-way.ts";

const base = {
  apiVersion: "stable.example.com/v1",
  kind: "MyService",
  metadata: { name: "web", namespace: "default", resourceVersion: "10", labels: { app: "web" } },
  spec: {
    name: "nginx-web",
    image: "nginx:1",
    replicas: 3,
    config: { ENV: "production" },
    containers: [
      { name: "web", image: "nginx:1" },
      { name: "log", image: "busybox" },
    ],
    args: ["a", "b"],
  },
};

const clone = <T>(value: T): T => structuredClone(value);

describe("rebase", () => {
  it("keeps both changes when they touch different fields", () => {
    const mine = clone(base);
    mine.spec.replicas = 5;
    const theirs = clone(base);
    theirs.metadata.resourceVersion = "11";
    theirs.spec.image = "nginx:2";
    const { merged, conflicts, changed } = rebase(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(changed).toEqual(["spec.replicas"]);
    expect(merged).toMatchObject({ metadata: { resourceVersion: "11" }, spec: { replicas: 5, image: "nginx:2" } });
  });

  it("takes the user's value where both changed the same field, and reports it", () => {
    const mine = clone(base);
    mine.spec.replicas = 5;
    const theirs = clone(base);
    theirs.metadata.resourceVersion = "11";
    theirs.spec.replicas = 7;
    const { merged, conflicts } = rebase(base, mine, theirs);
    expect(conflicts).toEqual([{ path: "spec.replicas", steps: ["spec", "replicas"], base: 3, mine: 5, theirs: 7 }]);
    expect((merged.spec as { replicas: number }).replicas).toBe(5);
  });

  it("does not report a conflict when both made the same change", () => {
    const mine = clone(base);
    mine.spec.replicas = 5;
    const theirs = clone(base);
    theirs.spec.replicas = 5;
    expect(rebase(base, mine, theirs).conflicts).toEqual([]);
  });

  it("always takes the server's resourceVersion, managedFields and generation", () => {
    const mine = clone(base) as typeof base & { metadata: { generation?: number } };
    mine.metadata.resourceVersion = "1";
    mine.metadata.generation = 99;
    const theirs = { ...clone(base), metadata: { ...clone(base.metadata), resourceVersion: "12", managedFields: [] } };
    const { merged, conflicts } = rebase(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.metadata).toEqual(theirs.metadata);
  });

  it("applies additions and removals of keys", () => {
    const mine = clone(base) as Record<string, any>;
    mine.spec.config.PORT = "80";
    delete mine.metadata.labels.app;
    mine.metadata.labels.tier = "front";
    const theirs = clone(base) as Record<string, any>;
    theirs.spec.config.LOG = "debug";
    const { merged, conflicts } = rebase(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.spec).toMatchObject({ config: { ENV: "production", LOG: "debug", PORT: "80" } });
    expect((merged.metadata as any).labels).toEqual({ tier: "front" });
  });

  it("reports a field the user changed but the server removed", () => {
    const mine = clone(base) as Record<string, any>;
    mine.spec.config.ENV = "staging";
    const theirs = clone(base) as Record<string, any>;
    delete theirs.spec.config;
    const { merged, conflicts } = rebase(base, mine, theirs);
    expect(conflicts).toEqual([
      {
        path: "spec.config",
        steps: ["spec", "config"],
        base: base.spec.config,
        mine: mine.spec.config,
        theirs: undefined,
      },
    ]);
    expect((merged.spec as any).config).toEqual({ ENV: "staging" });
  });

  it("merges lists of named items by name, whatever their order", () => {
    const mine = clone(base) as Record<string, any>;
    mine.spec.containers[0].image = "nginx:3";
    const theirs = clone(base) as Record<string, any>;
    theirs.spec.containers.reverse();
    theirs.spec.containers.push({ name: "metrics", image: "prom" });
    const { merged, conflicts } = rebase(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect((merged.spec as any).containers).toEqual([
      { name: "log", image: "busybox" },
      { name: "web", image: "nginx:3" },
      { name: "metrics", image: "prom" },
    ]);
  });

  it("names the item of a named list in a conflict's path", () => {
    const mine = clone(base) as Record<string, any>;
    mine.spec.containers[1].image = "busybox:2";
    const theirs = clone(base) as Record<string, any>;
    theirs.spec.containers[1].image = "busybox:3";
    expect(rebase(base, mine, theirs).conflicts.map((c) => c.path)).toEqual(['spec.containers[name="log"].image']);
  });

  it("merges plain lists index by index when no side changed their length, else as one value", () => {
    const mine = clone(base) as Record<string, any>;
    mine.spec.args[0] = "A";
    const theirs = clone(base) as Record<string, any>;
    theirs.spec.args[1] = "B";
    expect((rebase(base, mine, theirs).merged.spec as any).args).toEqual(["A", "B"]);

    const longer = clone(base) as Record<string, any>;
    longer.spec.args.push("c");
    const result = rebase(base, mine, longer);
    expect(result.conflicts.map((c) => c.path)).toEqual(["spec.args"]);
    expect((result.merged.spec as any).args).toEqual(["A", "b"]);
  });

  it("returns the server's version untouched when the user changed nothing", () => {
    const theirs = clone(base) as Record<string, any>;
    theirs.spec.replicas = 9;
    const result = rebase(base, clone(base), theirs);
    expect(result).toEqual({ merged: theirs, conflicts: [], changed: [] });
  });

  it("keeps the server's key order and appends the user's new keys", () => {
    const mine = clone(base) as Record<string, any>;
    mine.spec.zeta = 1;
    const theirs = clone(base) as Record<string, any>;
    theirs.spec.alpha = 2;
    expect(Object.keys(rebase(base, mine, theirs).merged.spec as object)).toEqual([
      "name",
      "image",
      "replicas",
      "config",
      "containers",
      "args",
      "alpha",
      "zeta",
    ]);
  });
});

describe("applyPicks", () => {
  it("takes the server's value (or its absence) where picked, the user's elsewhere", () => {
    const mine = clone(base) as Record<string, any>;
    mine.spec.replicas = 5;
    mine.spec.config = { ENV: "staging" };
    mine.spec.containers[0].image = "nginx:mine";
    const theirs = clone(base) as Record<string, any>;
    theirs.spec.replicas = 7;
    delete theirs.spec.config;
    theirs.spec.containers[0].image = "nginx:theirs";
    const { merged, conflicts } = rebase(base, mine, theirs);
    expect(conflicts.map((c) => c.path)).toEqual(["spec.replicas", 'spec.containers[name="web"].image', "spec.config"]);
    const picked = applyPicks(merged, conflicts, {
      "spec.replicas": "theirs",
      "spec.config": "theirs",
      'spec.containers[name="web"].image': "theirs",
    }) as Record<string, any>;
    expect(picked.spec.replicas).toBe(7);
    expect("config" in picked.spec).toBe(false);
    expect(picked.spec.containers[0]).toEqual({ name: "web", image: "nginx:theirs" });
    const kept = applyPicks(merged, conflicts, { "spec.replicas": "mine" }) as Record<string, any>;
    expect(kept).toEqual(merged);
    expect((merged.spec as Record<string, unknown>).replicas).toBe(5); // not modified
  });
});

describe("deepEqual", () => {
  it("ignores key order, not array order", () => {
    expect(deepEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: undefined }, {})).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
  });
});
