import { describe, expect, it } from "vitest";
import { locateFieldPath, parseFieldPath } from "../utils/yaml-paths.ts";

const TEXT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  replicas: 3
  template:
    spec:
      containers:
        - name: nginx
          image: nginx:1
        - name: sidecar
          image: busybox
      finalizers:
        - a
        - b
`;

describe("parseFieldPath", () => {
  it.each([
    ["spec.replicas", ["spec", "replicas"]],
    [".spec.replicas", ["spec", "replicas"]],
    ["spec.containers[0].image", ["spec", "containers", 0, "image"]],
    ["metadata.labels[app.kubernetes.io/name]", ["metadata", "labels", "app.kubernetes.io/name"]],
    ['.spec.containers[name="nginx"].image', ["spec", "containers", { selector: { name: "nginx" } }, "image"]],
    ['.spec.ports[port="80",protocol="TCP"]', ["spec", "ports", { selector: { port: "80", protocol: "TCP" } }]],
    ['.metadata.finalizers[="a.b/c"]', ["metadata", "finalizers", { value: "a.b/c" }]],
    ['data["a]b"]', ["data", "a]b"]],
    ["", []],
  ])("%s", (path, expected) => {
    expect(parseFieldPath(path)).toEqual(expected);
  });
});

describe("locateFieldPath", () => {
  it("finds a scalar field, key through value", () => {
    expect(locateFieldPath(TEXT, "spec.replicas")).toEqual({
      line: 8,
      column: 3,
      endLine: 8,
      endColumn: 14,
      exact: true,
      depth: 2,
    });
  });

  it("accepts the server-side apply spelling with a leading dot", () => {
    expect(locateFieldPath(TEXT, ".spec.replicas").line).toBe(8);
  });

  it("finds list items by index, by keyed selector and by set value", () => {
    expect(locateFieldPath(TEXT, "spec.template.spec.containers[1].image").line).toBe(15);
    expect(locateFieldPath(TEXT, '.spec.template.spec.containers[name="nginx"].image').line).toBe(13);
    expect(locateFieldPath(TEXT, '.spec.template.spec.finalizers[="b"]').line).toBe(18);
  });

  it("finds map keys containing dots and slashes", () => {
    const at = locateFieldPath(TEXT, "metadata.labels[app.kubernetes.io/name]");
    expect(at).toMatchObject({ line: 6, exact: true });
  });

  it("stops a block value's marker at the end of its key's line", () => {
    const at = locateFieldPath(TEXT, "spec.template");
    expect(at).toMatchObject({ line: 9, endLine: 9, column: 3, endColumn: 12, exact: true });
  });

  it("falls back to the deepest ancestor that exists", () => {
    expect(locateFieldPath(TEXT, "spec.paused")).toMatchObject({ line: 7, exact: false, depth: 1 });
    expect(locateFieldPath(TEXT, "spec.template.spec.containers[5].image")).toMatchObject({ line: 11, exact: false });
  });

  it("lands on line 1 when nothing matches or the text is not YAML", () => {
    expect(locateFieldPath(TEXT, "status.phase")).toMatchObject({ line: 1, column: 1, exact: false, depth: 0 });
    expect(locateFieldPath("a: [", "a")).toMatchObject({ line: 1 });
    expect(locateFieldPath("", "spec")).toMatchObject({ line: 1, endColumn: 2 });
  });
});
