import { CUSTOM_COLUMN_FORMAT, type SchemaField, type TableColumn } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import {
  applyColumnFilters,
  type ColumnFilter,
  filterKindFor,
  filtersFromParams,
  filtersToParams,
  parseFilter,
} from "../column-filters.ts";
import { availableColumns, layoutColumns, move, PENDING_CELL } from "../column-model.ts";
import { csvParts, kubectlCommand, parseCsv, toCsv, toJson } from "../export-table.ts";
import { checkJsonPath, completeJsonPath } from "../jsonpath-schema.ts";
import {
  customNameProblem,
  EMPTY_LAYOUT,
  layoutFromParams,
  layoutToParams,
  readStoredLayout,
  storeLayout,
} from "../table-layout.ts";
import { type ListRow, toListRow } from "../table-rows.ts";

const col = (name: string, type = "string", priority = 0, format = ""): TableColumn => ({
  name,
  type,
  format,
  description: "",
  priority,
});
const server = [col("Name", "string", 0, "name"), col("Ready"), col("Restarts", "integer"), col("IP", "string", 1)];

describe("table layout in the URL and in storage", () => {
  it("round-trips order, widths and custom columns", () => {
    const layout = {
      order: ["Name", "Namespace", "Replicas"],
      widths: { Name: 240 },
      custom: [{ name: "Replicas", jsonPath: '{.status.conditions[?(@.type=="Ready")].status}' }],
    };
    const params = layoutToParams(layout, new URLSearchParams("q=web"));
    expect(params.get("q")).toBe("web");
    expect(params.get("cols")).toBe("Name,Namespace,Replicas");
    expect(layoutFromParams(params)).toEqual(layout);
  });

  it("skips malformed parts instead of failing", () => {
    const layout = layoutFromParams(new URLSearchParams("w=Name:abc,Age:20,IP:100&cc=nojsonpath&cc=A:.a&cc=A:.b"));
    expect(layout).toEqual({ order: undefined, widths: { IP: 100 }, custom: [{ name: "A", jsonPath: ".a" }] });
  });

  it("remembers per kind and forgets an empty layout", () => {
    const data = new Map<string, string>();
    const storage = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
      removeItem: (k: string) => void data.delete(k),
    };
    storeLayout(storage, "k", { order: ["Name"], widths: {}, custom: [] });
    expect(readStoredLayout(storage, "k")?.order).toEqual(["Name"]);
    storeLayout(storage, "k", EMPTY_LAYOUT);
    expect(readStoredLayout(storage, "k")).toBeUndefined();
  });

  it("refuses custom names that clash or break the URL", () => {
    expect(customNameProblem("", [])).toMatch(/name/);
    expect(customNameProblem("a:b", [])).toMatch(/cannot contain/);
    expect(customNameProblem("Ready", ["Ready"])).toMatch(/already/);
    expect(customNameProblem("Replicas", ["Ready"])).toBeUndefined();
  });
});

describe("column model", () => {
  const custom = [{ name: "Image", jsonPath: "{.spec.image}" }];
  const columns = [...server, { ...col("Image"), format: CUSTOM_COLUMN_FORMAT }];

  it("offers every column, Namespace after Name, custom ones at their cell", () => {
    const all = availableColumns(columns, true, custom);
    expect(all.map((c) => [c.id, c.index, c.custom])).toEqual([
      ["Name", 0, false],
      ["Namespace", -1, false],
      ["Ready", 1, false],
      ["Restarts", 2, false],
      ["IP", 3, false],
      ["Image", 4, true],
    ]);
    expect(availableColumns(server, false, custom).at(-1)?.index).toBe(PENDING_CELL);
  });

  it("shows the default or the layout's order", () => {
    const all = availableColumns(columns, false, custom);
    expect(layoutColumns(all, EMPTY_LAYOUT, false).map((c) => c.id)).toEqual(["Name", "Ready", "Restarts", "Image"]);
    expect(layoutColumns(all, EMPTY_LAYOUT, true).map((c) => c.id)).toContain("IP");
    const layout = { ...EMPTY_LAYOUT, order: ["IP", "Name", "Gone"] };
    expect(layoutColumns(all, layout, false).map((c) => c.id)).toEqual(["IP", "Name"]);
    expect(move(["a", "b", "c"], "c", -1)).toEqual(["a", "c", "b"]);
    expect(move(["a", "b", "c"], "a", -1)).toEqual(["a", "b", "c"]);
  });
});

const rows: ListRow[] = [
  ["web-1", "1/1", 0, "10.0.0.1"],
  ["web-2", "0/1", 7, "10.0.0.2"],
  ["db-1", "1/1", 2, ""],
].map(([name, ready, restarts, ip]) =>
  toListRow({ cells: [name, ready, restarts, ip], object: { metadata: { name: String(name), namespace: "a" } } }),
);

describe("column filters", () => {
  it.each<[string, ColumnFilter | undefined]>([
    ["Name~web", { column: "Name", kind: "text", text: "web" }],
    ["Ready=1/1|0/1", { column: "Ready", kind: "oneOf", values: ["1/1", "0/1"] }],
    ["Restarts:1..5", { column: "Restarts", kind: "range", min: 1, max: 5 }],
    ["Age:..1h", { column: "Age", kind: "range", min: undefined, max: 3600 }],
    ["Restarts:x..", undefined],
    ["~x", undefined],
  ])("parses %s", (param, filter) => {
    expect(parseFilter(param)).toEqual(filter);
  });

  it("round-trips through the URL", () => {
    const filters = filtersFromParams(new URLSearchParams("fc=Name~web&fc=Restarts:1..&q=x"));
    expect(filtersToParams(filters, new URLSearchParams("q=x")).toString()).toBe("q=x&fc=Name%7Eweb&fc=Restarts%3A1..");
  });

  it("keeps the rows passing every filter", () => {
    const columns = availableColumns(server, false, []);
    const names = (filters: ColumnFilter[]) => applyColumnFilters(rows, filters, columns).map((r) => r.name);
    expect(names([{ column: "Name", kind: "text", text: "WEB" }])).toEqual(["web-1", "web-2"]);
    expect(names([{ column: "Restarts", kind: "range", min: 1, max: undefined }])).toEqual(["web-2", "db-1"]);
    expect(
      names([
        { column: "Ready", kind: "oneOf", values: ["1/1"] },
        { column: "Restarts", kind: "range", min: undefined, max: 1 },
      ]),
    ).toEqual(["web-1"]);
    expect(names([{ column: "Nope", kind: "text", text: "x" }])).toHaveLength(3);
  });

  it("filters the same rows again by each keystroke's text, and new rows by their own texts", () => {
    const columns = availableColumns(server, false, []);
    const names = (over: readonly ListRow[], text: string) =>
      applyColumnFilters(over, [{ column: "Name", kind: "text", text }], columns).map((r) => r.name);
    expect(names(rows, "w")).toEqual(["web-1", "web-2"]);
    expect(names(rows, "we")).toEqual(["web-1", "web-2"]);
    expect(names(rows, "web-2")).toEqual(["web-2"]);
    expect(names(rows, "d")).toEqual(["db-1"]);
    // A new rows array (a live update) is read anew, not through what was cached for the old one.
    const renamed = rows.map((r) =>
      r.name === "db-1" ? { ...r, name: "web-3", cells: ["web-3", ...r.cells.slice(1)] } : r,
    );
    expect(names(renamed, "web")).toEqual(["web-1", "web-2", "web-3"]);
    expect(names(rows, "web")).toEqual(["web-1", "web-2"]);
  });

  it("filters the Health column by the verdict", () => {
    const columns = availableColumns(server, true, [], false, true);
    const healthy: ListRow[] = rows.map((r, i) => ({
      ...r,
      namespace: "default",
      health: { verdict: i === 2 ? "Failed" : "Current", reason: "", message: "", rule: "" },
    }));
    const health = columns.find((c) => c.id === "Health") as (typeof columns)[number];
    expect(filterKindFor(health, healthy)).toBe("oneOf");
    const failed = applyColumnFilters(healthy, [{ column: "Health", kind: "oneOf", values: ["Failed"] }], columns);
    expect(failed.map((r) => r.name)).toEqual(["db-1"]);
  });

  it("picks a range for numbers, one-of for few values, text otherwise", () => {
    const columns = availableColumns(server, false, []);
    const by = (id: string) => columns.find((c) => c.id === id) as (typeof columns)[number];
    expect(filterKindFor(by("Restarts"), rows)).toBe("range");
    expect(filterKindFor(by("Ready"), rows)).toBe("oneOf");
    const many = Array.from({ length: 30 }, (_, i) =>
      toListRow({ cells: [`n${i}`, "", 0, ""], object: { metadata: { name: `n${i}` } } }),
    );
    expect(filterKindFor(by("Name"), many)).toBe("text");
  });
});

const field = (
  path: string,
  type: string,
  children?: SchemaField[],
  extra: Partial<SchemaField> = {},
): SchemaField => ({
  path,
  name: path.split(".").pop() as string,
  type,
  required: false,
  ...(children ? { children } : {}),
  ...extra,
});
const schema: SchemaField[] = [
  field("metadata", "<ObjectMeta>", [
    field("metadata.name", "<string>"),
    field("metadata.labels", "<map[string]string>"),
  ]),
  field("spec", "<Object>", [
    field("spec.replicas", "<integer>"),
    field("spec.containers", "<[]Object>", [
      field("spec.containers.image", "<string>"),
      field("spec.containers.name", "<string>"),
    ]),
  ]),
  field("status", "<Object>", [
    field("status.conditions", "<[]Object>", [
      field("status.conditions.type", "<string>"),
      field("status.conditions.status", "<string>"),
    ]),
  ]),
];

describe("JSONPath against the kind's schema", () => {
  it.each([
    ["{.spec.replicas}", undefined, []],
    ['{.status.conditions[?(@.type=="Ready")].status}', undefined, []],
    ["{.metadata.labels.app\\.kubernetes\\.io/name}", undefined, []],
    ["{.spec.replica}", undefined, ['spec has no field "replica" (did you mean replicas?)']],
    ["{.spec.containers.image}", undefined, ["spec.containers is a list: use containers[*] or [0] before .image"]],
    ["{.spec.replicas[0]}", undefined, ["spec.replicas is not a list"]],
    ["{.spec[0", /unclosed/, []],
  ])("%s", (path, error, warnings) => {
    const check = checkJsonPath(path, schema);
    if (error) expect(check.error).toMatch(error);
    else expect(check.error).toBeUndefined();
    expect(check.warnings).toEqual(warnings);
  });

  it("completes field names from the schema", () => {
    expect(completeJsonPath("{.spec.re", schema).map((c) => c.value)).toEqual(["{.spec.replicas"]);
    expect(completeJsonPath(".spec.containers[*].", schema).map((c) => c.name)).toEqual(["image", "name"]);
    expect(completeJsonPath("{.", schema).map((c) => c.name)).toEqual(["metadata", "spec", "status"]);
    expect(completeJsonPath("{.metadata.labels.", schema)).toEqual([]);
  });
});

describe("export", () => {
  const columns = [
    { header: "Name", text: (r: ListRow) => r.name },
    { header: "Note", text: (r: ListRow) => String(r.cells[3]) },
  ];
  it("writes CSV that reads back to the same cells, quoting and defusing formulas", () => {
    const tricky = [...rows, toListRow({ cells: ["x", "", 0, 'a,"b"\nc'], object: { metadata: { name: "=cmd()" } } })];
    const csv = toCsv(columns, tricky);
    expect(parseCsv(csv)).toEqual([
      ["Name", "Note"],
      ["web-1", "10.0.0.1"],
      ["web-2", "10.0.0.2"],
      ["db-1", ""],
      ["'=cmd()", 'a,"b"\nc'],
    ]);
    expect(JSON.parse(toJson(columns, rows))[1]).toEqual({ Name: "web-2", Note: "10.0.0.2" });
  });

  it("builds a long CSV in parts of a thousand rows that join to the whole file", () => {
    const many = Array.from({ length: 2_500 }, (_, i) =>
      toListRow({ cells: [`n${i}`, "", 0, i % 2 ? "odd, quoted" : "even"], object: { metadata: { name: `n${i}` } } }),
    );
    const parts = csvParts(columns, many);
    // The header, then 1,000 + 1,000 + 500 rows.
    expect(parts.map((p) => p.split("\r\n").length - 1)).toEqual([1, 1000, 1000, 500]);
    const read = parseCsv(parts.join(""));
    expect(read).toHaveLength(2_501);
    expect(read[2_500]).toEqual(["n2499", "odd, quoted"]);
    expect(parts.join("")).toBe(toCsv(columns, many));
  });

  it("builds the kubectl command of the view", () => {
    const base = {
      context: "dev",
      resource: "deployments",
      group: "apps",
      version: "v1",
      namespaced: true,
      namespace: undefined,
      labelSelector: "app in (web, api)",
      fieldSelector: "",
      wide: true,
      custom: [],
    };
    expect(kubectlCommand(base)).toBe(
      "kubectl --context dev get deployments.v1.apps -A -l 'app in (web, api)' -o wide",
    );
    expect(
      kubectlCommand({
        ...base,
        namespace: "shop",
        labelSelector: "",
        custom: [{ name: "Ready Pods", jsonPath: "{.status.readyReplicas}" }],
      }),
    ).toBe(
      "kubectl --context dev get deployments.v1.apps -n shop -o 'custom-columns=NAME:.metadata.name,READY_PODS:{.status.readyReplicas}'",
    );
  });
});
