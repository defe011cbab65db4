import type { CatalogResource, KubeObject, SchemaField } from "@loupe/protocol";

/** Built-in kinds whose health has rules of its own, as kind patterns (the Problems view's built-ins). */
const BUILT_IN_PROBLEM_KINDS = [
  "deployments.apps",
  "statefulsets.apps",
  "daemonsets.apps",
  "replicasets.apps",
  "jobs.batch",
  "pods.core",
  "persistentvolumeclaims.core",
  "services.core",
];

/** The kinds Problems covers: every custom resource, and the built-ins with health rules. */
export function problemKinds(resources: readonly CatalogResource[]): string[] {
  const custom = resources
    .filter((r) => r.custom && r.version === r.preferredVersion)
    .map((r) => `${r.resource}.${r.group}`);
  return [...BUILT_IN_PROBLEM_KINDS, ...custom];
}

/**
 * An object as MCP hands it out: without managedFields, and for a Secret every value of `data`/`stringData` and the
 * last-applied annotation replaced by its size — Loupe never hands out a Secret's values unasked.
 */
export function forMcp(object: KubeObject, kind: CatalogResource): KubeObject {
  const { managedFields: _, ...metadata } = object.metadata as KubeObject["metadata"] & { managedFields?: unknown };
  const out: Record<string, unknown> = { ...object, metadata };
  if (kind.group === "" && kind.resource === "secrets") {
    for (const field of ["data", "stringData"]) {
      const values = out[field] as Record<string, string> | undefined;
      if (values && typeof values === "object") {
        out[field] = Object.fromEntries(
          Object.entries(values).map(([k, v]) => [k, `<masked: ${String(v).length} characters>`]),
        );
      }
    }
    const annotations = metadata.annotations;
    const key = "kubectl.kubernetes.io/last-applied-configuration";
    if (annotations?.[key]) metadata.annotations = { ...annotations, [key]: "<masked>" };
  }
  return out as KubeObject;
}

/** `spec.replicas <integer> (required): description` lines, depth-first, to `depth` levels. */
export function schemaLines(fields: readonly SchemaField[], depth: number, level = 1): string[] {
  const lines: string[] = [];
  for (const field of fields) {
    const description = field.description ? `: ${field.description.replace(/\s+/g, " ").slice(0, 200)}` : "";
    lines.push(`${field.path} ${field.type}${field.required ? " (required)" : ""}${description}`);
    if (field.children && level < depth) lines.push(...schemaLines(field.children, depth, level + 1));
  }
  return lines;
}
