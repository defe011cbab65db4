import type { TableRow } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { CustomColumnsView, SECRET_MASK } from "../custom-columns.ts";

const row = (object: Record<string, unknown>): TableRow => ({
  cells: ["w1", "5m"],
  object: object as TableRow["object"],
});

const widget = {
  apiVersion: "example.com/v1",
  kind: "Widget",
  metadata: {
    name: "w1",
    namespace: "a",
    uid: "u1",
    resourceVersion: "7",
    creationTimestamp: "2026-01-01T00:00:00Z",
    labels: { app: "web" },
    annotations: { note: "x".repeat(1000) },
    managedFields: [{ manager: "kubectl", operation: "Update", fieldsV1: { "f:spec": {} } }],
  },
  spec: { color: "red", sizes: [1, 2] },
};

describe("custom columns over whole objects", () => {
  it("appends one text cell per column and sends the metadata a plain table row carries, nothing of the body", () => {
    const view = CustomColumnsView.compile(
      [
        { name: "Colour", jsonPath: "{.spec.color}" },
        { name: "Sizes", jsonPath: "{.spec.sizes[*]}" },
      ],
      { group: "example.com", resource: "widgets" },
    );
    if (typeof view === "string") throw new Error(view);
    const out = view.row(row(widget));
    expect(out.cells).toEqual(["w1", "5m", "red", "1 2"]);
    expect(out.object).toEqual({
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: {
        name: "w1",
        namespace: "a",
        uid: "u1",
        resourceVersion: "7",
        creationTimestamp: "2026-01-01T00:00:00Z",
        labels: { app: "web" },
      },
    });
    // Computed once per reflector row.
    const same = row(widget);
    expect(view.row(same)).toBe(view.row(same));
  });

  it("reads a Secret's values as masked", () => {
    const view = CustomColumnsView.compile([{ name: "Password", jsonPath: "{.data.password}" }], {
      group: "",
      resource: "secrets",
    });
    if (typeof view === "string") throw new Error(view);
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { password: "c2VjcmV0" } };
    expect(view.row(row(secret)).cells.at(-1)).toBe(SECRET_MASK);
  });

  it("names the column whose JSONPath does not parse", () => {
    const view = CustomColumnsView.compile([{ name: "Bad", jsonPath: "{.spec[" }], { group: "", resource: "pods" });
    expect(view).toMatch(/^columns\[0\] "Bad": /);
  });
});
