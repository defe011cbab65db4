import type { SchemaField } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { displayScalar, foldedText, formatTime, parseQuantity, quantityHint } from "../value-format.ts";
import { summary, valueTree } from "../value-tree.ts";

const field = (path: string, type: string, extra: Partial<SchemaField> = {}): SchemaField => ({
  path,
  name: path.split(".").at(-1) as string,
  type,
  required: false,
  ...extra,
});

const fields: SchemaField[] = [
  field("spec", "<Object>", {
    description: "Desired state.",
    children: [
      field("spec.replicas", "<integer>", { description: "How many." }),
      field("spec.containers", "<[]Object>", {
        children: [field("spec.containers.image", "<string>", { description: "The image.", required: true })],
      }),
      field("spec.labels", "<map[string]string>", { description: "Extra labels." }),
    ],
  }),
];

describe("valueTree", () => {
  const object = {
    apiVersion: "stable.example.com/v1",
    kind: "MyService",
    metadata: { name: "x" },
    status: { phase: "Ready", conditions: [{ type: "Ready" }] },
    data: { key: "v" },
    spec: { replicas: 3, containers: [{ image: "nginx" }, { image: "redis" }], labels: { a: "b" } },
  };

  it("puts spec first and status last, leaves metadata out, and attaches schema fields through lists and maps", () => {
    const roots = valueTree(object, fields);
    expect(roots.map((r) => r.label)).toEqual(["spec", "data", "status"]);
    const spec = roots[0];
    expect(spec?.field?.description).toBe("Desired state.");
    const containers = spec?.children.find((c) => c.label === "containers");
    expect(containers?.shape).toBe("list");
    expect(containers?.children[1]?.path).toBe("spec.containers[1]");
    const image = containers?.children[1]?.children[0];
    expect(image?.path).toBe("spec.containers[1].image");
    expect(image?.field?.description).toBe("The image.");
    expect(image?.value).toBe("redis");
    // A map's values take the map's field.
    const label = spec?.children.find((c) => c.label === "labels")?.children[0];
    expect(label?.field?.description).toBe("Extra labels.");
    expect(summary(containers as never)).toBe("2 items");
    expect(summary(spec as never)).toBe("{replicas, containers, labels}");
  });

  it("skips keys and paths the page shows elsewhere (a Secret's data, the conditions table)", () => {
    const roots = valueTree(object, fields, { skip: ["data"], skipPaths: ["status.conditions"] });
    expect(roots.map((r) => r.label)).toEqual(["spec", "status"]);
    expect(roots[1]?.children.map((c) => c.label)).toEqual(["phase"]);
  });

  it("stops at the node limit and says how much it left out", () => {
    const big = { spec: { items: Array.from({ length: 100 }, (_, i) => i) } };
    const roots = valueTree(big, [], { limit: 10 });
    const items = roots[0]?.children[0];
    expect(items?.children.length).toBeLessThan(10);
    expect((items?.children.length ?? 0) + (items?.omitted ?? 0)).toBe(100);
  });
});

describe("value formatting", () => {
  it("reads Kubernetes quantities", () => {
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("1Gi")).toBe(2 ** 30);
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("lots")).toBeUndefined();
    expect(quantityHint("1536Mi")).toBe("1.5 Gi");
    expect(quantityHint("2000000000")).toBe("2 G");
    expect(quantityHint("2500m")).toBe("2.5");
    expect(quantityHint("512Mi")).toBeUndefined();
  });

  it("prints times in UTC with an age, and quantities by field name", () => {
    const now = Date.parse("2026-01-02T03:04:05Z");
    expect(formatTime("2026-01-02T00:04:05Z")).toBe("2026-01-02 00:04:05 UTC");
    const time = displayScalar("2026-01-02T00:04:05Z", { key: "lastScheduleTime", now });
    expect(time).toMatchObject({ kind: "time", text: "2026-01-02 00:04:05 UTC", hint: "3h ago" });
    expect(displayScalar("2026-01-12T03:04:05Z", { key: "notAfter", now }).hint).toBe("in 10d");
    expect(displayScalar("1536Mi", { key: "memory", parentKey: "limits", now })).toMatchObject({
      kind: "quantity",
      hint: "1.5 Gi",
    });
    expect(displayScalar("1536Mi", { key: "name", now }).kind).toBe("string");
    expect(displayScalar(null, { key: "x", now }).text).toBe("null");
  });

  it("folds long and multi-line strings", () => {
    const long = "x".repeat(300);
    expect(displayScalar(long, { key: "k", now: 0 }).foldable).toBe(true);
    expect(foldedText(long)).toHaveLength(121);
    expect(displayScalar("a\nb", { key: "k", now: 0 }).foldable).toBe(true);
    expect(foldedText("first\nsecond")).toBe("first…");
    expect(displayScalar("short", { key: "k", now: 0 }).foldable).toBe(false);
  });
});
