import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { describeField, type FieldKind, type Schema } from "../form/schema-nodes.ts";
import { moveItem, readValue, renameKey, writeValue } from "../form/yaml-doc.ts";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "..", "..", "..", "..", "shared", "fixtures", "crds");

interface Crd {
  spec: { names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
}

const crds: [string, Crd][] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .flatMap((f) =>
    parseAllDocuments(readFileSync(join(FIXTURES, f), "utf8"))
      .map((d) => d.toJS() as Crd | null)
      .filter((c): c is Crd => c?.spec?.versions !== undefined)
      .map((c) => [f, c] as [string, Crd]),
  );

/** Every node of a schema as the form sees it, with its kind. */
function walk(schema: Schema, visit: (path: string, kind: FieldKind) => void, path = "", depth = 0): void {
  if (depth > 40) return;
  const info = describeField(schema, schema);
  visit(path, info.kind);
  for (const [name, child] of info.properties ?? []) walk(child, visit, `${path}.${name}`, depth + 1);
  if (info.items) walk(info.items, visit, `${path}[]`, depth + 1);
  if (info.values) walk(info.values, visit, `${path}{}`, depth + 1);
  for (const [i, branch] of (info.branches ?? []).entries()) walk(branch, visit, `${path}|${i}`, depth + 1);
}

describe("the form on the real-world CRD schemas of shared/fixtures", () => {
  it("gives every node of every version a widget, and the fixtures cover every field kind", () => {
    expect(crds.length).toBeGreaterThanOrEqual(9);
    const seen = new Map<FieldKind, string>();
    let nodes = 0;
    for (const [file, crd] of crds) {
      for (const version of crd.spec.versions) {
        walk(version.schema.openAPIV3Schema, (path, kind) => {
          nodes++;
          if (!seen.has(kind)) seen.set(kind, `${file} ${version.name} ${path}`);
        });
      }
    }
    expect(nodes).toBeGreaterThan(5_000);
    for (const kind of [
      "object",
      "map",
      "array",
      "enum",
      "boolean",
      "integer",
      "string",
      "int-or-string",
      "island",
    ] as const) {
      expect(seen.has(kind), `no ${kind} field in the fixtures`).toBe(true);
    }
  });

  it("reads nullable, int-or-string, embedded, preserve-unknown and shape choices as the right widgets", () => {
    const root: Schema = {
      type: "object",
      properties: {
        port: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] },
        maybe: { anyOf: [{ type: "string" }, { type: "null" }] },
        template: {
          type: "object",
          "x-kubernetes-embedded-resource": true,
          "x-kubernetes-preserve-unknown-fields": true,
        },
        values: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        labels: { type: "object", additionalProperties: { type: "string" } },
        size: { type: "integer", minimum: 1, maximum: 9, default: 3 },
        source: {
          type: "object",
          oneOf: [
            { required: ["git"], properties: { git: { type: "string" } } },
            { required: ["oci"], properties: { oci: { type: "string" } } },
          ],
        },
        ref: { $ref: "#/definitions/Ref" },
      },
      definitions: { Ref: { type: "object", properties: { name: { type: "string" } }, required: ["name"] } },
    };
    const kinds = Object.fromEntries(
      Object.entries(root.properties as Record<string, Schema>).map(([k, s]) => [k, describeField(s, root)]),
    );
    expect(kinds.port?.kind).toBe("int-or-string");
    expect(kinds.maybe).toMatchObject({ kind: "string", nullable: true });
    expect(kinds.template?.kind).toBe("island");
    expect(kinds.values?.kind).toBe("island");
    expect(kinds.labels?.kind).toBe("map");
    expect(kinds.size).toMatchObject({ kind: "integer", minimum: 1, maximum: 9, default: 3 });
    expect(kinds.source?.kind).toBe("choice");
    expect(kinds.ref).toMatchObject({ kind: "object", required: new Set(["name"]) });
  });
});

const TEXT = `# A ScaledObject, written by hand
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker # the app's name
  labels:
    team: a
    tier: web
spec:
  scaleTargetRef:
    name: worker
  # bounds
  minReplicaCount: 1
  maxReplicaCount: 10
  triggers:
    - type: cpu # first
      metadata:
        value: "50"
    - type: memory # second
      metadata:
        value: "80"
`;

describe("form edits written through the YAML Document API", () => {
  it("sets, adds, removes, reorders and renames while keeping every comment and the key order", () => {
    let text = writeValue(TEXT, ["spec", "maxReplicaCount"], 20);
    expect(text).toBe(TEXT.replace("maxReplicaCount: 10", "maxReplicaCount: 20"));
    text = writeValue(text, ["spec", "pollingInterval"], 15);
    text = writeValue(text, ["spec", "advanced", "restoreToOriginalReplicaCount"], true);
    text = moveItem(text, ["spec", "triggers"], 1, 0);
    text = renameKey(text, ["metadata", "labels"], "tier", "layer");
    text = writeValue(text, ["metadata", "labels", "team"], undefined);
    for (const comment of [
      "# A ScaledObject, written by hand",
      "# the app's name",
      "# bounds",
      "# first",
      "# second",
    ]) {
      expect(text).toContain(comment);
    }
    const object = parse(text);
    expect(object.spec.maxReplicaCount).toBe(20);
    expect(object.spec.pollingInterval).toBe(15);
    expect(object.spec.advanced).toEqual({ restoreToOriginalReplicaCount: true });
    expect(object.spec.triggers.map((t: { type: string }) => t.type)).toEqual(["memory", "cpu"]);
    expect(object.metadata.labels).toEqual({ layer: "web" });
    expect(Object.keys(object.spec)).toEqual([
      "scaleTargetRef",
      "minReplicaCount",
      "maxReplicaCount",
      "triggers",
      "pollingInterval",
      "advanced",
    ]);
    expect(text.indexOf("type: memory # second")).toBeLessThan(text.indexOf("type: cpu # first"));
    expect(readValue(text, ["spec", "triggers", 0, "metadata", "value"])).toBe("80");
  });

  it("writing a value the text already has changes nothing; text that does not parse is left alone", () => {
    expect(writeValue(TEXT, ["spec", "minReplicaCount"], 1)).toBe(TEXT);
    expect(writeValue("a: [", ["a"], 1)).toBe("a: [");
    expect(renameKey(TEXT, ["metadata", "labels"], "team", "tier")).toBe(TEXT); // the new key exists already
  });
});
