import type { ProblemKind, ProblemRow } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { EMPTY, groupByKind, kindCounts, reduceProblems, verdictCounts } from "../problems-state.ts";

const kind = (id: string, problems: number, state: ProblemKind["state"] = "live"): ProblemKind => {
  const [group = "", version = "v1", resource = "x"] = id.split("/");
  return {
    id,
    group,
    version,
    resource,
    kind: resource,
    namespaced: true,
    custom: true,
    categories: [],
    state,
    objects: 10,
    problems,
  };
};
const row = (kindId: string, name: string, verdict: ProblemRow["health"]["verdict"]): ProblemRow => ({
  kind: kindId,
  object: { metadata: { name, namespace: "ns", uid: `${kindId}-${name}` } },
  health: { verdict, reason: "R", message: "M", rule: "conditions" },
});

describe("reduceProblems", () => {
  it("a snapshot replaces everything; events and kind updates patch it", () => {
    let state = reduceProblems(EMPTY, {
      type: "problems",
      id: "p",
      kinds: [kind("a.io/v1/gears", 1), kind("b.io/v1/cogs", 0)],
      rows: [row("a.io/v1/gears", "g1", "Failed")],
      total: 1,
    });
    expect(state.loaded).toBe(true);
    state = reduceProblems(state, {
      type: "problem-events",
      id: "p",
      events: [
        { type: "ADDED", row: row("b.io/v1/cogs", "c1", "InProgress") },
        { type: "DELETED", row: row("a.io/v1/gears", "g1", "Failed") },
      ],
      total: 1,
    });
    expect([...state.rows.values()].map((r) => r.object.metadata.name)).toEqual(["c1"]);
    state = reduceProblems(state, {
      type: "problem-kinds",
      id: "p",
      kinds: [kind("b.io/v1/cogs", 1)],
      removed: ["a.io/v1/gears"],
      total: 1,
    });
    expect([...state.kinds.keys()]).toEqual(["b.io/v1/cogs"]);
    expect(state.kinds.get("b.io/v1/cogs")?.problems).toBe(1);
  });

  it("status and errors", () => {
    expect(reduceProblems(EMPTY, { type: "status", id: "p", state: "live" }).state).toBe("live");
    const refused = reduceProblems(EMPTY, { type: "error", id: "p", code: "X", message: "no such context" });
    expect(refused).toMatchObject({ state: "error", error: "no such context" });
  });
});

describe("grouping and counting", () => {
  const state = reduceProblems(EMPTY, {
    type: "problems",
    id: "p",
    kinds: [
      kind("a.io/v1/gears", 1),
      kind("b.io/v1/cogs", 2),
      kind("c.io/v1/nuts", 0, "forbidden"),
      kind("d.io/v1/bolts", 0, "error"),
    ],
    rows: [
      row("a.io/v1/gears", "g1", "Failed"),
      row("b.io/v1/cogs", "c2", "InProgress"),
      row("b.io/v1/cogs", "c1", "Failed"),
    ],
    total: 3,
  });

  it("groups by kind, most problems first, worst rows first", () => {
    const groups = groupByKind(state);
    expect(groups.map((g) => g.kind.id)).toEqual(["b.io/v1/cogs", "a.io/v1/gears"]);
    expect(groups[0]?.rows.map((r) => r.object.metadata.name)).toEqual(["c1", "c2"]);
  });

  it("counts verdicts and kind states", () => {
    expect(verdictCounts(state)).toMatchObject({ Failed: 2, InProgress: 1 });
    const kinds = kindCounts(state);
    expect([kinds.live, kinds.forbidden, kinds.syncing, kinds.error.map((k) => k.id)]).toEqual([
      2,
      1,
      0,
      ["d.io/v1/bolts"],
    ]);
  });
});
