import type { TableColumn, TableRow } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import {
  diffRowCells,
  filterRows,
  HEALTH_COLUMN,
  type ListRow,
  NAMESPACE_COLUMN,
  shownColumns,
  sortRows,
  toListRow,
} from "../table-rows.ts";

const col = (name: string, type = "string", priority = 0, extra: Partial<TableColumn> = {}): TableColumn => ({
  name,
  type,
  format: "",
  description: "",
  priority,
  ...extra,
});

// The MyService CRD's printer columns, as the API server sends them.
const columns = [
  col("Name", "string", 0, { format: "name" }),
  col("Service"),
  col("Image"),
  col("Replicas", "integer"),
  col("Available", "integer", 1),
  col("Age", "date", 0, { description: "CreationTimestamp is a timestamp..." }),
];

function row(name: string, cells: unknown[], extra: Partial<TableRow["object"]["metadata"]> = {}): ListRow {
  return toListRow({
    cells: [name, ...cells],
    object: { metadata: { name, namespace: "default", uid: `uid-${name}`, ...extra } },
  });
}

const rows = [
  row("web-10", ["web", "nginx:1", 10, 9, "5m"], {
    creationTimestamp: "2026-01-01T00:05:00Z",
    labels: { tier: "front" },
  }),
  row("web-2", ["web", "nginx:2", 2, null, "2d"], { creationTimestamp: "2025-12-30T00:00:00Z" }),
  row("db", ["db", "postgres", 1, 1, "1h"], { creationTimestamp: "2026-01-01T00:00:00Z", namespace: "data" }),
];

describe("shownColumns", () => {
  it("shows priority 0 only unless wide, with Namespace after Name across namespaces", () => {
    expect(shownColumns(columns, false, false).map((c) => c.definition.name)).toEqual([
      "Name",
      "Service",
      "Image",
      "Replicas",
      "Age",
    ]);
    const wide = shownColumns(columns, true, true);
    expect(wide.map((c) => c.definition.name)).toEqual([
      "Name",
      NAMESPACE_COLUMN,
      "Service",
      "Image",
      "Replicas",
      "Available",
      "Age",
    ]);
    expect(wide[5]?.index).toBe(4);
    expect(wide[1]?.index).toBe(-1);
  });
});

describe("sortRows", () => {
  const shown = shownColumns(columns, true, true);
  const names = (sorted: ListRow[]) => sorted.map((r) => r.name);
  it("sorts by namespace then name naturally by default", () => {
    expect(names(sortRows(rows, shown, null))).toEqual(["db", "web-2", "web-10"]);
  });
  it("sorts integers numerically, blanks last in both directions", () => {
    expect(names(sortRows(rows, shown, { column: "Replicas", desc: false }))).toEqual(["db", "web-2", "web-10"]);
    expect(names(sortRows(rows, shown, { column: "Replicas", desc: true }))).toEqual(["web-10", "web-2", "db"]);
    expect(names(sortRows(rows, shown, { column: "Available", desc: false }))).toEqual(["db", "web-10", "web-2"]);
    expect(names(sortRows(rows, shown, { column: "Available", desc: true }))).toEqual(["web-10", "db", "web-2"]);
  });
  it("sorts Age by creation time (youngest first ascending)", () => {
    expect(names(sortRows(rows, shown, { column: "Age", desc: false }))).toEqual(["web-10", "db", "web-2"]);
  });
  it("sorts date cells by their human duration when there is no timestamp", () => {
    const bare = rows.map((r) => ({ ...r, creationTimestamp: undefined }));
    expect(names(sortRows(bare, shown, { column: "Age", desc: true }))).toEqual(["web-2", "db", "web-10"]);
  });
  it("sorts strings naturally and by the Namespace pseudo-column", () => {
    expect(names(sortRows(rows, shown, { column: "Name", desc: false }))).toEqual(["db", "web-2", "web-10"]);
    expect(names(sortRows(rows, shown, { column: NAMESPACE_COLUMN, desc: true }))).toEqual(["web-2", "web-10", "db"]);
  });
});

describe("filterRows", () => {
  it("matches every word against name, namespace, cells and labels", () => {
    expect(filterRows(rows, "").length).toBe(3);
    expect(filterRows(rows, "NGINX").map((r) => r.name)).toEqual(["web-10", "web-2"]);
    expect(filterRows(rows, "nginx tier=front").map((r) => r.name)).toEqual(["web-10"]);
    expect(filterRows(rows, "data").map((r) => r.name)).toEqual(["db"]);
    expect(filterRows(rows, "nothing-like-this")).toEqual([]);
  });
});

describe("diffRowCells", () => {
  it("reports nothing on the baseline, then new rows and changed cells", () => {
    const first = diffRowCells(null, rows);
    expect(first.changes.size).toBe(0);
    const changed = [
      row("web-10", ["web", "nginx:1", 11, 9, "5m"]),
      rows[1] as ListRow,
      row("new", ["x", "y", 1, 1, "0s"]),
    ];
    const second = diffRowCells(first.next, changed);
    expect(second.changes.get("uid-web-10")).toEqual([3]);
    expect(second.changes.get("uid-new")).toBe("new");
    expect(second.changes.has("uid-web-2")).toBe(false);
  });
});

describe("the Health column", () => {
  const healthy = { verdict: "Current" as const, reason: "Ready", message: "", rule: "conditions" };
  const failing = {
    verdict: "Failed" as const,
    reason: "ProgressDeadlineExceeded",
    message: "timed out",
    rule: "deployment",
  };
  const rolling = { verdict: "InProgress" as const, reason: "LessAvailable", message: "0/1", rule: "deployment" };
  const withHealth = (name: string, health: TableRow["health"]) =>
    toListRow({ cells: [name, "", "", 1, 1, "1m"], object: { metadata: { name, namespace: "default" } }, health });
  const list = [
    withHealth("a", failing),
    withHealth("b", healthy),
    withHealth("c", rolling),
    withHealth("d", undefined),
  ];

  it("comes after the Name (and Namespace) column when asked for", () => {
    expect(shownColumns(columns, false, true, true).map((c) => c.definition.name)).toEqual([
      "Name",
      NAMESPACE_COLUMN,
      HEALTH_COLUMN,
      "Service",
      "Image",
      "Replicas",
      "Age",
    ]);
    expect(shownColumns(columns, false, false, true).map((c) => c.definition.name)[1]).toBe(HEALTH_COLUMN);
    expect(shownColumns(columns, false, false).map((c) => c.definition.name)).not.toContain(HEALTH_COLUMN);
  });

  it("sorts healthy first, failed last, rows without a verdict after all", () => {
    const shown = shownColumns(columns, false, false, true);
    expect(sortRows(list, shown, { column: HEALTH_COLUMN, desc: false }).map((r) => r.name)).toEqual([
      "b",
      "c",
      "a",
      "d",
    ]);
    expect(sortRows(list, shown, { column: HEALTH_COLUMN, desc: true }).map((r) => r.name)).toEqual([
      "a",
      "c",
      "b",
      "d",
    ]);
  });

  it('filters "not healthy", and the text filter finds verdicts and reasons', () => {
    expect(filterRows(list, "", true).map((r) => r.name)).toEqual(["a", "c"]);
    expect(filterRows(list, "deadline").map((r) => r.name)).toEqual(["a"]);
    expect(filterRows(list, "inprogress").map((r) => r.name)).toEqual(["c"]);
  });
});
