import { describe, expect, it } from "vitest";
import { ClientMessage, QUERY_LIMITS, ServerMessage } from "../index.ts";

describe("query messages", () => {
  it("accepts a search and a CEL query", () => {
    expect(
      ClientMessage.safeParse({ type: "query", id: "q", context: "c", query: { kind: "search", text: "web" } }).success,
    ).toBe(true);
    const cel = {
      type: "query",
      id: "q",
      context: "c",
      query: { kind: "cel", expression: "true", kinds: ["*.upbound.io"], columns: [{ name: "A", expression: "1" }] },
    };
    expect(ClientMessage.safeParse(cel).success).toBe(true);
  });

  it.each([
    ["a search text over the limit", { kind: "search", text: "x".repeat(QUERY_LIMITS.searchTextLength + 1) }],
    ["an expression over the limit", { kind: "cel", expression: "x".repeat(4097), kinds: ["apps"] }],
    ["no kinds", { kind: "cel", expression: "true", kinds: [] }],
    [
      "too many columns",
      { kind: "cel", expression: "true", kinds: ["a"], columns: Array(13).fill({ name: "a", expression: "1" }) },
    ],
    ["a namespace that is no name", { kind: "search", text: "x", namespace: "A/b" }],
    ["a limit over the cap", { kind: "search", text: "x", limit: QUERY_LIMITS.maxResults + 1 }],
    ["an unknown kind of query", { kind: "sql", text: "x" }],
  ])("refuses %s", (_, query) => {
    expect(ClientMessage.safeParse({ type: "query", id: "q", context: "c", query }).success).toBe(false);
  });

  it("progress is a server message", () => {
    const progress = {
      type: "progress",
      id: "q",
      kinds: 3,
      done: 3,
      failed: [],
      failedCount: 0,
      forbidden: 1,
      hits: 2,
      truncated: false,
      complete: true,
    };
    expect(ServerMessage.parse(progress)).toEqual(progress);
  });
});
