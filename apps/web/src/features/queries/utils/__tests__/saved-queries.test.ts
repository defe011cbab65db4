import { describe, expect, it } from "vitest";
import {
  deleteQuery,
  EXAMPLE,
  loadSaved,
  queryFromParams,
  queryToParams,
  saveQuery,
  toCelQuery,
} from "../saved-queries.ts";

function memory() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe("saved queries", () => {
  it("round-trips through a shareable URL, columns and all", () => {
    const params = queryToParams({ ...EXAMPLE, namespace: "prod", labelSelector: "team=blue" });
    expect(queryFromParams(new URLSearchParams(params.toString()))).toEqual({
      ...EXAMPLE,
      namespace: "prod",
      labelSelector: "team=blue",
    });
    expect(queryFromParams(new URLSearchParams("kinds=apps"))).toBeUndefined();
  });

  it("keeps queries in storage by name, newest first, and survives junk", () => {
    const storage = memory();
    saveQuery({ ...EXAMPLE, name: "a" }, storage);
    saveQuery({ ...EXAMPLE, name: "b" }, storage);
    saveQuery({ ...EXAMPLE, name: "a", expression: "true" }, storage);
    expect(loadSaved(storage).map((q) => `${q.name}:${q.expression}`)).toEqual(["a:true", `b:${EXAMPLE.expression}`]);
    expect(deleteQuery("a", storage).map((q) => q.name)).toEqual(["b"]);
    storage.setItem("loupe.savedQueries.v1", "{not json");
    expect(loadSaved(storage)).toEqual([]);
    storage.setItem("loupe.savedQueries.v1", JSON.stringify([{ name: "no expression" }, 3, { expression: "true" }]));
    expect(loadSaved(storage)).toHaveLength(1);
  });

  it("bounds what a URL can carry", () => {
    const params = new URLSearchParams({ expr: "x".repeat(10_000), kinds: Array(50).fill("apps").join(",") });
    const query = queryFromParams(params);
    expect(query?.expression).toHaveLength(4096);
    expect(query?.kinds).toHaveLength(20);
  });

  it("makes the protocol's query: no kinds means every kind; empty columns are left out", () => {
    expect(
      toCelQuery({
        ...EXAMPLE,
        kinds: [],
        columns: [
          { name: "", expression: "" },
          { name: "A", expression: "1" },
        ],
      }),
    ).toMatchObject({ kinds: ["*"], columns: [{ name: "A", expression: "1" }] });
  });
});
