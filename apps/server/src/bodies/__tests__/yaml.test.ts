import { describe, expect, it } from "vitest";
import { parse, type YAMLParseError } from "yaml";
import { aliasBombYaml, deepBlockYaml, deepFlowYaml, wideYaml } from "../../../test/yaml-bombs.ts";
import { DEFAULT_BODY_LIMITS } from "../limits.ts";
import { parseYaml } from "../yaml.ts";

const limits = DEFAULT_BODY_LIMITS;
const refusal = (text: string, custom = limits) => {
  const parsed = parseYaml(text, custom);
  return "refusal" in parsed ? parsed.refusal : undefined;
};

describe("parseYaml", () => {
  it("parses one document as the yaml package does: scalars, block and flow collections, anchors", () => {
    const text = 'a: 1\nb: [x, {y: "z"}]\nc: |\n  text\nd: &shared {p: 1}\ne: *shared\n? k\n: v\n';
    expect(parseYaml(text, limits)).toEqual({ value: parse(text) });
    expect(parseYaml("# nothing\n", limits)).toEqual({ value: null });
  });

  it("refuses a wide map past the node limit, keys counted as nodes, before composing it", () => {
    // The head is 11 nodes (the document's map; apiVersion, kind and their values; metadata, its map, name and its
    // value; data and its map), then 2 a key: 9,994 keys are 19,999 nodes, 9,995 are 20,001.
    const fits = Math.floor((limits.maxYamlNodes - 11) / 2);
    expect(refusal(wideYaml("w", fits))).toBeUndefined();
    expect(refusal(wideYaml("w", fits + 1))).toEqual({
      statusCode: 413,
      code: "LOUPE_YAML_TOO_MANY_NODES",
      message: "The YAML request body has more than 20000 nodes (keys and values); send it as JSON, which allows more",
      reason: "RequestEntityTooLarge",
    });
  });

  it("stops reading a 3 MB body at the node limit instead of parsing all of it", () => {
    const text = wideYaml("huge", 170_000);
    expect(text.length).toBeGreaterThan(2_900_000);
    expect(refusal(text)?.code).toBe("LOUPE_YAML_TOO_MANY_NODES");
  });

  it("finds a duplicate key in a wide map in one pass (the yaml package's own check is quadratic)", () => {
    const text = `${wideYaml("w", 9_000)}  k17: again\n`;
    const started = performance.now();
    expect(refusal(text)).toEqual({
      statusCode: 400,
      code: "LOUPE_INVALID_YAML",
      message: "The request body is not valid YAML: DUPLICATE_KEY at line 9006, column 3: Map keys must be unique",
      reason: "BadRequest",
    });
    // The same text through the package's `uniqueKeys` takes seconds (~1.8 s with no other load).
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("refuses nesting past the depth limit, block or flow, before the composer recurses into it", () => {
    const depth = (text: string) => refusal(text, { ...limits, maxDepth: 5 });
    // The document's map and `x`'s value are two levels, each `a:` below adds one: 4 fit, 5 do not.
    expect(depth(deepBlockYaml("d", 4))).toBeUndefined();
    expect(depth(deepBlockYaml("d", 5))).toEqual({
      statusCode: 400,
      code: "LOUPE_YAML_TOO_DEEP",
      message: "The request body nests maps and lists deeper than 5 levels",
      reason: "BadRequest",
    });
    expect(depth(deepFlowYaml("d", 4))).toBeUndefined();
    expect(depth(deepFlowYaml("d", 5))?.code).toBe("LOUPE_YAML_TOO_DEEP");
    expect(depth("- - - - - x\n")).toBeUndefined();
    expect(depth("- - - - - - x\n")?.code).toBe("LOUPE_YAML_TOO_DEEP");
    // Far deeper than the composer's stack allows: refused as too deep, not as a stack overflow.
    expect(refusal(deepBlockYaml("d", 1_000))?.code).toBe("LOUPE_YAML_TOO_DEEP");
    expect(refusal(deepFlowYaml("d", 100_000))?.code).toBe("LOUPE_YAML_TOO_DEEP");
  });

  it("refuses aliases that expand too much (billion laughs), and counts nodes with aliases expanded", () => {
    expect(refusal(aliasBombYaml("lol"))).toEqual({
      statusCode: 400,
      code: "LOUPE_YAML_TOO_MANY_ALIASES",
      message: "The YAML request body's aliases expand too much (more than the limit of 100)",
      reason: "BadRequest",
    });
    // 20 aliases of a 1,000-key map: few nodes written, 40,000 once expanded.
    const keys = Array.from({ length: 1_000 }, (_, i) => `k${i}: v`).join(", ");
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: *m`).join("\n");
    expect(refusal(`m: &m {${keys}}\n${aliases}\n`, { ...limits, maxYamlAliases: -1 })?.code).toBe(
      "LOUPE_YAML_TOO_MANY_NODES",
    );
  });

  it("says where the YAML is wrong, and refuses more than one document", () => {
    const bad = "a: 1\nb: c: d\n";
    const { code, linePos } = (() => {
      try {
        parse(bad);
      } catch (error) {
        return error as YAMLParseError;
      }
      throw new Error("expected a YAMLParseError");
    })();
    expect(refusal(bad)?.message).toBe(
      `The request body is not valid YAML: ${code} at line ${linePos?.[0].line}, column ${linePos?.[0].col}: Nested mappings are not allowed in compact mappings`,
    );
    expect(refusal("a: 1\n---\nb: 2\n")).toEqual({
      statusCode: 400,
      code: "LOUPE_INVALID_YAML",
      message: "The request body is not valid YAML: MULTIPLE_DOCS at line 2, column 1: send one object per request",
      reason: "BadRequest",
    });
  });
});
