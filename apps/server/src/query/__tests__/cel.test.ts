import { describe, expect, it } from "vitest";
import { celToJson, checkCel, compileCelQuery } from "../cel.ts";

const synced = {
  metadata: { name: "bucket-a", labels: { team: "blue" }, creationTimestamp: "2026-01-02T03:04:05Z" },
  status: {
    conditions: [
      { type: "Synced", status: "False", reason: "ReconcileError" },
      { type: "Ready", status: "True" },
    ],
    replicas: 3,
  },
};

describe("CEL queries", () => {
  it.each([
    ['object.status.conditions.exists(c, c.type == "Synced" && c.status != "True")', true],
    ['object.status.conditions.all(c, c.status == "True")', false],
    ['object.status.conditions.exists_one(c, c.type == "Ready")', true],
    ["has(object.status.replicas) && object.status.replicas > 2", true],
    ["has(object.spec)", false],
    ['object.status.conditions.filter(c, c.status == "True").size() == 1', true],
    ["object.?spec.replicas.orValue(0) == 0", true],
    ['object.metadata.name.startsWith("bucket-") && object.metadata.name.matches("^b.*a$")', true],
    ['"team" in object.metadata.labels && object.metadata.labels.team == "blue"', true],
    ['timestamp(object.metadata.creationTimestamp) < timestamp("2027-01-01T00:00:00Z")', true],
  ])("%s → %s", (expression, expected) => {
    expect(compileCelQuery(expression).filter(synced)).toBe(expected);
  });

  it("throws when a field is missing (the runner counts it as an evaluation error)", () => {
    expect(() => compileCelQuery("object.spec.replicas > 1").filter(synced)).toThrow("No such key: spec");
  });

  it("evaluates columns to JSON values", () => {
    const { columns } = compileCelQuery("true", [
      { name: "n", expression: "object.status.replicas + 1" },
      { name: "types", expression: "object.status.conditions.map(c, c.type)" },
      { name: "labels", expression: "object.metadata.labels" },
    ]);
    expect(columns.map((c) => celToJson(c(synced)))).toEqual([4, ["Synced", "Ready"], { team: "blue" }]);
  });

  it("keeps a catastrophic regular expression from holding the event loop", () => {
    const evil = compileCelQuery('object.metadata.name.matches("^(a+)+$")').filter;
    expect(evil({ metadata: { name: `${"a".repeat(40)}!` } })).toBe(false);
  });
});

describe("checkCel: errors at the place they occur", () => {
  it("points at the token after which the parse failed", () => {
    const result = checkCel("object.status.conditions.exists(c, c.type ==)");
    expect(result.valid).toBe(false);
    expect(result.issues[0]).toMatchObject({ line: 1, column: 45, start: 44, where: "expression" });
    expect(result.issues[0]?.message).toContain("Unexpected token");
  });

  it("counts lines and columns across newlines", () => {
    const result = checkCel('object.status\n  .conditions.exists(c, c.type == "Ready" &&)');
    expect(result.issues[0]).toMatchObject({ line: 2, column: 45 });
  });

  it("reports an unterminated string where it starts", () => {
    expect(checkCel('object.metadata.name == "x').issues[0]).toMatchObject({ line: 1, column: 25 });
  });

  it("type-checks: unknown functions and variables", () => {
    expect(checkCel("nosuch(object)").issues[0]).toMatchObject({
      column: 1,
      message: expect.stringContaining("nosuch"),
    });
    expect(checkCel("spec.replicas > 1").issues[0]?.message).toContain("Unknown variable: spec");
  });

  it("requires a bool expression and checks each column", () => {
    expect(checkCel("1 + 2").issues[0]?.message).toContain("must be true or false");
    const result = checkCel("true", [{ name: "bad", expression: "object.metadata.name +" }]);
    expect(result.issues[0]).toMatchObject({ where: "columns.0", column: 23 });
  });

  it("bounds comprehension nesting and the size of the tree", () => {
    const nested = "object.a.exists(x, object.b.exists(y, object.c.exists(z, true)))";
    expect(checkCel(nested).issues[0]?.message).toContain("nest at most 2 deep");
    const huge = Array.from({ length: 300 }, (_, i) => `object.a == ${i}`).join(" || ");
    expect(checkCel(huge).valid).toBe(false);
  });

  it("compileCelQuery refuses an invalid expression with a 400 naming line and column", () => {
    expect(() => compileCelQuery("object.x ==")).toThrow(/expression 1:12: /);
  });

  it("converts CEL values for cells", () => {
    expect(celToJson(10n ** 20n)).toBe("100000000000000000000");
    expect(celToJson(new Map([["a", 1n]]))).toEqual({ a: 1 });
  });
});

describe("what CEL sees of an object", () => {
  it("metadata and status only: never spec, a Secret's data or the last-applied copy of the body", () => {
    const secret = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: {
        name: "s",
        annotations: { "kubectl.kubernetes.io/last-applied-configuration": '{"data":{}}', team: "blue" },
        managedFields: [{ manager: "kubectl" }],
      },
      data: { password: "aHVudGVyMg==" },
      spec: { replicas: 1 },
    };
    const has = (e: string) => compileCelQuery(e).filter(secret);
    expect(has("has(object.data)")).toBe(false);
    expect(has("has(object.spec)")).toBe(false);
    expect(has("has(object.metadata.managedFields)")).toBe(false);
    expect(has('"kubectl.kubernetes.io/last-applied-configuration" in object.metadata.annotations')).toBe(false);
    expect(has('object.metadata.annotations.team == "blue"')).toBe(true);
  });
});

describe("the health variable", () => {
  it("lets an expression pick by verdict", () => {
    const { filter, columns } = compileCelQuery('health.verdict != "Current"', [
      { name: "Why", expression: "health.reason" },
    ]);
    const health = { verdict: "Failed", reason: "ProgressDeadlineExceeded", message: "", rule: "deployment" };
    expect(filter(synced, health)).toBe(true);
    expect(columns[0]?.(synced, health)).toBe("ProgressDeadlineExceeded");
    expect(filter(synced, { ...health, verdict: "Current" })).toBe(false);
  });
});
