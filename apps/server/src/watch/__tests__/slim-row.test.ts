import type { TableRow } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { LAST_APPLIED, slimRow } from "../slim-row.ts";

const row = (metadata: Record<string, unknown>): TableRow =>
  ({ cells: ["a", "1d"], object: { kind: "PartialObjectMetadata", metadata } }) as unknown as TableRow;

describe("slimRow", () => {
  it("drops managedFields and kubectl's last-applied copy, keeps every other field", () => {
    const slim = slimRow(
      row({
        name: "a",
        uid: "u",
        resourceVersion: "7",
        labels: { app: "x" },
        annotations: { [LAST_APPLIED]: JSON.stringify({ spec: "…huge…" }), note: "kept" },
        managedFields: [{ manager: "kubectl", fieldsV1: {} }],
      }),
    );
    expect(slim.object.metadata).toEqual({
      name: "a",
      uid: "u",
      resourceVersion: "7",
      labels: { app: "x" },
      annotations: { note: "kept" },
    });
    expect(slim.cells).toEqual(["a", "1d"]);
  });

  it("removes the annotations map when the last-applied copy was its only entry", () => {
    const slim = slimRow(row({ name: "a", annotations: { [LAST_APPLIED]: "{}" } }));
    expect(slim.object.metadata).toEqual({ name: "a" });
  });

  it("leaves a row without metadata as it is", () => {
    const bare = { cells: [1], object: {} } as unknown as TableRow;
    expect(slimRow(bare)).toBe(bare);
  });
});
