import type { Relations } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { LARGE_GRAPH, layoutGraph, NODE_HEIGHT, NODE_WIDTH } from "../layout.ts";

const node = (id: string) => ({
  id,
  group: "",
  version: "v1",
  resource: "configmaps",
  kind: "ConfigMap",
  name: id,
  depth: 1,
});

/** hub → 10 → 100 → 400 by ownership (the benchmark's graph), cut at `limit` nodes, plus extra edges. */
function tree(limit: number, extra: Relations["edges"] = []): Relations {
  const ids = ["hub"];
  const edges: Relations["edges"] = [];
  let level = ["hub"];
  for (const fanOut of [10, 10, 4]) {
    const next: string[] = [];
    for (const parent of level) {
      for (let i = 0; i < fanOut; i++) {
        const id = `${parent}-${i}`;
        ids.push(id);
        edges.push({ from: parent, to: id, type: "owner" });
        next.push(id);
      }
    }
    level = next;
  }
  const kept = new Set(ids.slice(0, limit));
  return {
    root: "hub",
    depth: 3,
    truncated: ids.length > limit,
    warnings: [],
    nodes: ids.slice(0, limit).map(node),
    edges: [...edges, ...extra].filter((e) => kept.has(e.from) && kept.has(e.to)),
  };
}

function expectNoOverlap(placed: Map<string, { x: number; y: number }>) {
  // Nodes of one column sorted by y: each starts below the previous one's bottom.
  const columns = new Map<number, number[]>();
  for (const p of placed.values()) columns.set(p.x, [...(columns.get(p.x) ?? []), p.y]);
  for (const ys of columns.values()) {
    ys.sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++)
      expect((ys[i] as number) - (ys[i - 1] as number)).toBeGreaterThanOrEqual(NODE_HEIGHT);
  }
  // Columns are a node's width apart at least.
  const xs = [...columns.keys()].sort((a, b) => a - b);
  for (let i = 1; i < xs.length; i++)
    expect((xs[i] as number) - (xs[i - 1] as number)).toBeGreaterThanOrEqual(NODE_WIDTH);
}

describe("layoutGraph of a large graph (the layered layout)", () => {
  it("places 500 nodes in ranks by ownership, none overlapping, each parent level with the middle of its children", () => {
    const relations = tree(500);
    expect(relations.nodes.length).toBeGreaterThan(LARGE_GRAPH);
    const placed = layoutGraph(relations);
    expect(placed.size).toBe(500);
    const at = (id: string) => placed.get(id) ?? { x: Number.NaN, y: Number.NaN };
    for (const edge of relations.edges) expect(at(edge.from).x).toBeLessThan(at(edge.to).x);
    expectNoOverlap(placed);
    // hub-0-0 owns hub-0-0-0 … hub-0-0-3: it sits between the first and the last.
    expect(at("hub-0-0").y).toBeGreaterThanOrEqual(at("hub-0-0-0").y);
    expect(at("hub-0-0").y).toBeLessThanOrEqual(at("hub-0-0-3").y);
    // Every parent is level with the middle of its children: edges are short (a tree drawn straight), including
    // after the parents whose children the node limit cut off.
    for (const parent of ["hub-0-0", "hub-5-5", "hub-9-6"]) {
      const kids = relations.edges.filter((e) => e.from === parent).map((e) => at(e.to).y);
      expect(kids.length).toBeGreaterThan(0);
      expect(at(parent).y).toBeCloseTo((Math.min(...kids) + Math.max(...kids)) / 2, 0);
    }
    // Siblings stay together, in order.
    expect(at("hub-0-0-0").y).toBeLessThan(at("hub-0-1-0").y);
    // Everything is inside the margin.
    for (const p of placed.values()) expect(Math.min(p.x, p.y)).toBeGreaterThanOrEqual(0);
  });

  it("breaks cycles and places nodes that nothing links", () => {
    const relations = tree(200, [
      { from: "hub-0-0", to: "hub", type: "reference", field: "spec.hubName" },
      { from: "hub-1", to: "hub-1", type: "reference", field: "spec.self" },
    ]);
    relations.nodes.push(node("alone"));
    const placed = layoutGraph(relations);
    expect(placed.size).toBe(201);
    expect(placed.get("hub")?.x).toBeLessThan(placed.get("hub-0")?.x ?? 0);
    expect(placed.get("alone")).toBeDefined();
    expectNoOverlap(placed);
  });

  it("lays out 500 nodes far faster than dagre did (no timing asserted: a log for the curious)", () => {
    const relations = tree(500);
    const t0 = performance.now();
    layoutGraph(relations);
    const ms = performance.now() - t0;
    console.info(`layered layout of 500 nodes: ${ms.toFixed(1)} ms`);
    expect(ms).toBeGreaterThan(0);
  });
});
