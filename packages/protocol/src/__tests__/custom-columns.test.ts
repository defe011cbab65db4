import { describe, expect, it } from "vitest";
import { MAX_CUSTOM_COLUMNS } from "../custom-columns.ts";
import { ClientMessage } from "../ws.ts";

const subscribe = { type: "subscribe", id: "a", context: "dev", group: "apps", version: "v1", resource: "deployments" };

describe("custom columns in subscribe", () => {
  it("are optional and kept when given", () => {
    const columns = [{ name: "Ready", jsonPath: '{.status.conditions[?(@.type=="Ready")].status}' }];
    expect(ClientMessage.parse({ ...subscribe, table: true, columns })).toEqual({ ...subscribe, table: true, columns });
    expect(ClientMessage.parse(subscribe)).toEqual(subscribe);
  });

  it("are refused past the limits, naming the field", () => {
    for (const [columns, path] of [
      [[{ name: "", jsonPath: ".a" }], ["columns", 0, "name"]],
      [[{ name: "A", jsonPath: "" }], ["columns", 0, "jsonPath"]],
      [[{ name: "A", jsonPath: `.${"a".repeat(1024)}` }], ["columns", 0, "jsonPath"]],
      [[{ name: "x".repeat(64), jsonPath: ".a" }], ["columns", 0, "name"]],
      [Array.from({ length: MAX_CUSTOM_COLUMNS + 1 }, (_, i) => ({ name: `c${i}`, jsonPath: ".a" })), ["columns"]],
    ] as const) {
      const result = ClientMessage.safeParse({ ...subscribe, table: true, columns });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(path);
    }
  });
});
