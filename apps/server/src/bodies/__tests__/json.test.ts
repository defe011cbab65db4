import { describe, expect, it } from "vitest";
import { deepJson } from "../../../test/yaml-bombs.ts";
import { parseJson, scanJson } from "../json.ts";
import { measureValue } from "../measure.ts";

const limits = { maxDepth: 3, maxJsonNodes: 8 };

describe("scanJson", () => {
  it("counts keys and values, and nesting of maps and lists", () => {
    // 1 map + 2 keys + "x" + 1 list + 3 numbers = 8 nodes; 2 levels.
    expect(scanJson('{"a": "x", "b": [1, -2.5e3, true]}', limits)).toBeUndefined();
    expect(scanJson('{"a": "x", "b": [1, -2.5e3, true, null]}', limits)).toMatchObject({
      statusCode: 413,
      code: "LOUPE_JSON_TOO_MANY_NODES",
      message: "The JSON request body has more than 8 nodes (keys and values)",
      reason: "RequestEntityTooLarge",
    });
    expect(scanJson("[[[1]]]", limits)).toBeUndefined();
    expect(scanJson("[[[[1]]]]", limits)).toEqual({
      statusCode: 400,
      code: "LOUPE_JSON_TOO_DEEP",
      message: "The request body nests maps and lists deeper than 3 levels",
      reason: "BadRequest",
    });
  });

  it("skips brackets, quotes and backslashes inside strings", () => {
    expect(scanJson(String.raw`{"a": "[[[[{{{{ \" \\", "b": "\\\\\"]]]]"}`, limits)).toBeUndefined();
    expect(scanJson(String.raw`["\\", [[["deep"]]]]`, limits)?.code).toBe("LOUPE_JSON_TOO_DEEP");
  });

  it("stops at the first limit passed: 10,000 levels of nesting are refused in microseconds", () => {
    const text = deepJson("deep", 10_000);
    const started = performance.now();
    expect(scanJson(text, { maxDepth: 100, maxJsonNodes: 200_000 })?.code).toBe("LOUPE_JSON_TOO_DEEP");
    expect(performance.now() - started).toBeLessThan(20);
  });
});

describe("parseJson", () => {
  it("parses JSON within the limits", () => {
    expect(parseJson('{"kind": "ConfigMap", "data": {"a": "1"}}', { maxDepth: 100, maxJsonNodes: 100 })).toEqual({
      value: { kind: "ConfigMap", data: { a: "1" } },
    });
  });

  it("refuses deep JSON with a 400 naming the limit (JSON.stringify would throw a RangeError on it)", () => {
    const text = deepJson("deep", 10_000);
    expect(() => JSON.stringify(JSON.parse(text))).toThrow(RangeError);
    expect(parseJson(text, { maxDepth: 100, maxJsonNodes: 200_000 })).toEqual({
      refusal: {
        statusCode: 400,
        code: "LOUPE_JSON_TOO_DEEP",
        message: "The request body nests maps and lists deeper than 100 levels",
        reason: "BadRequest",
      },
    });
  });

  it("says what is wrong with text that is not JSON", () => {
    const parsed = parseJson('{"a": }', { maxDepth: 100, maxJsonNodes: 100 });
    expect(parsed).toMatchObject({ refusal: { statusCode: 400, code: "LOUPE_INVALID_JSON", reason: "BadRequest" } });
    expect("refusal" in parsed && parsed.refusal.message).toMatch(
      /^The request body is not valid JSON: Unexpected token/,
    );
  });
});

describe("measureValue", () => {
  it("counts a parsed value as scanJson counts its text", () => {
    const text = '{"a": "x", "b": [1, -2.5e3, true, {"c": null}]}';
    expect(measureValue(JSON.parse(text), "JSON", { maxDepth: 3, maxNodes: 11 })).toBeUndefined();
    expect(scanJson(text, { maxDepth: 3, maxJsonNodes: 11 })).toBeUndefined();
    expect(measureValue(JSON.parse(text), "JSON", { maxDepth: 3, maxNodes: 10 })?.code).toBe(
      "LOUPE_JSON_TOO_MANY_NODES",
    );
    expect(scanJson(text, { maxDepth: 3, maxJsonNodes: 10 })?.code).toBe("LOUPE_JSON_TOO_MANY_NODES");
    expect(measureValue(JSON.parse(text), "YAML", { maxDepth: 2, maxNodes: 11 })?.code).toBe("LOUPE_YAML_TOO_DEEP");
  });

  it("survives a value nested far deeper than the stack allows", () => {
    let value: unknown = 0;
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(measureValue(value, "YAML", { maxDepth: 100, maxNodes: 1_000_000 })?.code).toBe("LOUPE_YAML_TOO_DEEP");
  });
});
