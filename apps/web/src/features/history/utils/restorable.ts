import type { KubeObject } from "@loupe/protocol";

/**
 * What a recorded state restores: the object without what the API server owns (status, resourceVersion, uid,
 * timestamps, generation, managedFields), so a replace changes only what users write.
 */
export function restorable(object: Record<string, unknown>): KubeObject {
  const { status: _status, ...rest } = object as Record<string, unknown> & { metadata: Record<string, unknown> };
  const {
    resourceVersion: _rv,
    uid: _uid,
    creationTimestamp: _created,
    generation: _generation,
    managedFields: _managed,
    deletionTimestamp: _deletion,
    deletionGracePeriodSeconds: _grace,
    ...metadata
  } = (rest.metadata ?? {}) as Record<string, unknown>;
  return { ...rest, metadata } as unknown as KubeObject;
}

/** A JSON Pointer (RFC 6901) as a dotted path for people: `/spec/containers/0/image` → `spec.containers[0].image`. */
export function pointerLabel(pointer: string): string {
  if (pointer === "") return "(whole object)";
  return pointer
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part, i) =>
      /^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$-]*$/.test(part) ? `${i ? "." : ""}${part}` : `["${part}"]`,
    )
    .join("");
}

/** A recorded value for display: absent, a short JSON text. */
export function valueLabel(value: unknown): string {
  if (value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
