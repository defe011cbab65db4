import { describe, expect, it } from "vitest";
import { jsonBytes } from "../snapshot-json.ts";

describe("snapshot bytes serialized in chunks", () => {
  it("are JSON.stringify's bytes exactly, for any number of entries, multi-byte text and odd values included", () => {
    for (const count of [0, 1, 127, 128, 129, 300]) {
      const rows = Array.from({ length: count }, (_, i) => ({
        cells: [`row-${i}`, i % 3 === 0 ? "é—✓ 😀" : i, null],
        object: { metadata: { name: `row-${i}`, labels: { "a/b": '"quoted"\n' } } },
        skipped: undefined,
      }));
      const table = { resourceVersion: "42", columns: [{ name: "Name", type: "string" }], rows };
      expect(jsonBytes(table, "rows").equals(Buffer.from(JSON.stringify(table)))).toBe(true);
      const objects = { resourceVersion: "7", items: rows.map((r) => r.object) };
      expect(jsonBytes(objects, "items").equals(Buffer.from(JSON.stringify(objects)))).toBe(true);
    }
  });

  it("falls back to one stringify when the array is not the last property or not an array", () => {
    const notLast = { rows: [1, 2, 3], resourceVersion: "1" };
    expect(jsonBytes(notLast, "rows").toString()).toBe(JSON.stringify(notLast));
    const missing = { resourceVersion: "1" };
    expect(jsonBytes(missing, "rows").toString()).toBe(JSON.stringify(missing));
  });
});
