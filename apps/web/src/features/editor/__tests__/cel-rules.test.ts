import type { CelNode } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { checkRules, fieldString, parseRelativePath } from "../cel/evaluate.ts";
import { isUrl } from "../cel/functions.ts";
import { escapeProperty } from "../cel/values.ts";

const widget: CelNode = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      rules: [
        { rule: "self.color != 'red' || self.replicas <= 5", message: "red widgets run at most 5 replicas" },
        {
          rule: "!has(self.size) || self.size != 'huge'",
          messageExpression: "'size ' + string(self.size) + ' is too big'",
          fieldPath: ".size",
        },
        { rule: "self.replicas >= oldSelf.replicas", message: "replicas cannot go down" },
      ],
      properties: {
        color: { type: "string" },
        replicas: { type: "integer" },
        size: { intOrString: true },
        timeout: { type: "string", format: "duration", rules: [{ rule: "self >= duration('1s')" }] },
        ports: {
          type: "array",
          listType: "map",
          listMapKeys: ["name"],
          items: {
            type: "object",
            properties: { name: { type: "string" }, port: { type: "integer" } },
            rules: [{ rule: "self.port == oldSelf.port", message: "a port cannot change" }],
          },
        },
        ref: {
          type: "object",
          properties: { namespace: { type: "string" }, "x-y": { type: "string" } },
          rules: [{ rule: "!has(self.__namespace__) || self.__namespace__ != self.x__dash__y" }],
        },
        weight: { type: "number", rules: [{ rule: "self <= 1.5" }] },
        limit: { type: "string", rules: [{ rule: "quantity(self).isLessThan(quantity('1Gi'))" }] },
        fancy: { type: "string", rules: [{ rule: "self.?x.orValue('a') == 'a'" }] },
      },
    },
  },
};

const object = (spec: Record<string, unknown>) => ({ apiVersion: "demo.loupe.dev/v1", kind: "Widget", spec });

describe("checkRules", () => {
  it("passes a valid object and reports a broken rule with its message at its node", () => {
    expect(checkRules(widget, object({ color: "blue", replicas: 9 })).violations).toEqual([]);
    const { violations } = checkRules(widget, object({ color: "red", replicas: 9 }));
    expect(violations).toEqual([
      {
        path: ["spec"],
        field: "spec",
        message: "red widgets run at most 5 replicas",
        rule: widget.properties?.spec?.rules?.[0]?.rule,
      },
    ]);
  });

  it("uses messageExpression and fieldPath, and int-or-string values as they are", () => {
    const { violations } = checkRules(widget, object({ color: "blue", replicas: 1, size: "huge" }));
    expect(violations.map((v) => [v.field, v.message])).toEqual([["spec.size", "size huge is too big"]]);
    expect(checkRules(widget, object({ color: "blue", replicas: 1, size: 3 })).violations).toEqual([]);
  });

  it("runs transition rules only against a correlated old value, and ratchets unchanged values", () => {
    const before = object({ color: "blue", replicas: 3, ports: [{ name: "http", port: 80 }] });
    // Create: no old object, so no transition rule runs.
    expect(checkRules(widget, object({ color: "blue", replicas: 1 })).violations).toEqual([]);
    const down = checkRules(
      widget,
      object({ color: "blue", replicas: 2, ports: [{ name: "http", port: 81 }] }),
      before,
    );
    expect(down.violations.map((v) => [v.field, v.message])).toEqual([
      ["spec", "replicas cannot go down"],
      ["spec.ports[0]", "a port cannot change"],
    ]);
    // A new list-map item (another key) has no old value: its transition rule does not run.
    const added = object({
      color: "blue",
      replicas: 3,
      ports: [
        { name: "http", port: 80 },
        { name: "grpc", port: 9 },
      ],
    });
    expect(checkRules(widget, added, before).violations).toEqual([]);
    // An unchanged invalid value is not reported (the API server ratchets it).
    const invalid = object({ color: "red", replicas: 9 });
    expect(checkRules(widget, invalid, invalid).violations).toEqual([]);
  });

  it("types integers as int, numbers as double, durations as durations, escapes reserved and dashed names", () => {
    expect(
      checkRules(widget, object({ color: "blue", replicas: 1, weight: 2 })).violations.map((v) => v.field),
    ).toEqual(["spec.weight"]);
    expect(checkRules(widget, object({ color: "blue", replicas: 1, weight: 1 })).violations).toEqual([]);
    expect(checkRules(widget, object({ color: "blue", replicas: 1, timeout: "500ms" })).violations[0]?.message).toBe(
      "failed rule: self >= duration('1s')",
    );
    expect(checkRules(widget, object({ color: "blue", replicas: 1, timeout: "1m" })).violations).toEqual([]);
    const same = checkRules(widget, object({ color: "blue", replicas: 1, ref: { namespace: "a", "x-y": "a" } }));
    expect(same.violations.map((v) => v.field)).toEqual(["spec.ref"]);
    expect(
      checkRules(widget, object({ color: "blue", replicas: 1, ref: { namespace: "a", "x-y": "b" } })).violations,
    ).toEqual([]);
  });

  it("reports a missing field as a failure, as the API server does", () => {
    const { violations } = checkRules(widget, object({ color: "red" }));
    expect(violations[0]?.message).toBe(
      "field not found: replicas evaluating rule: red widgets run at most 5 replicas",
    );
  });

  it("reports rules it cannot evaluate as unchecked, never as passed", () => {
    const { unchecked, violations } = checkRules(
      widget,
      object({ color: "blue", replicas: 1, limit: "2Gi", fancy: "x" }),
    );
    expect(violations).toEqual([]);
    expect(unchecked.map((u) => u.field).sort()).toEqual(["spec.fancy", "spec.limit"]);
    expect(unchecked.find((u) => u.field === "spec.limit")?.reason).toMatch(/unbound function/);
  });
});

describe("CEL helpers", () => {
  it("escapes property names as Kubernetes does", () => {
    expect(escapeProperty("namespace")).toBe("__namespace__");
    expect(escapeProperty("a-b.c/d")).toBe("a__dash__b__dot__c__slash__d");
    expect(escapeProperty("x__y")).toBe("x__underscores__y");
    expect(escapeProperty("plain")).toBe("plain");
    expect(escapeProperty("a b")).toBeUndefined();
  });

  it("parses fieldPath and spells paths as the API server does", () => {
    expect(parseRelativePath(".spec.x['a.b'][2]")).toEqual(["spec", "x", "a.b", 2]);
    expect(fieldString(["spec", "rules", 0, "matches"])).toBe("spec.rules[0].matches");
  });

  it("isURL follows Go's ParseRequestURI", () => {
    expect(isUrl("https://example.com/x")).toBe(true);
    expect(isUrl("/just/a/path")).toBe(true);
    expect(isUrl("example.com")).toBe(false);
    expect(isUrl("")).toBe(false);
    expect(isUrl("http://a b")).toBe(false);
  });
});
