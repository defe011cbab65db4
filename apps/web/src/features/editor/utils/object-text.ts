import { parseDocument, stringify } from "yaml";

/**
 * The editor's text form of an object and back. The text is YAML the way kubectl prints it (the server's key order,
 * long strings never folded); `metadata.managedFields` is left out unless asked for — it is server-side apply
 * bookkeeping, long, and omitting it from a replace keeps the server's (an update without managedFields does not
 * clear them). Pure.
 */

export type KubeObject = Record<string, unknown> & {
  metadata?: Record<string, unknown> & { resourceVersion?: string; managedFields?: unknown[] };
};

/** The object without `metadata.managedFields`. */
export function withoutManagedFields<T extends KubeObject>(object: T): T {
  const metadata = object.metadata;
  if (!metadata || !("managedFields" in metadata)) return object;
  const { managedFields: _, ...rest } = metadata;
  return { ...object, metadata: rest };
}

/** The object as the editor shows it. */
export function toEditorText(object: KubeObject, options: { showManagedFields: boolean }): string {
  return stringify(options.showManagedFields ? object : withoutManagedFields(object), {
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
}

export type Parsed = { ok: true; object: KubeObject } | { ok: false; message: string; line: number; column: number };

/** Parses the editor's text: one YAML document holding one mapping, else where and why not. */
export function parseEditorText(text: string): Parsed {
  const doc = parseDocument(text, { prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const at = error.linePos?.[0] ?? { line: 1, col: 1 };
    return { ok: false, message: `YAML ${error.code}: ${error.message.split("\n")[0]}`, line: at.line, column: at.col };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, message: (e as Error).message, line: 1, column: 1 };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, message: "The text must be one Kubernetes object (a YAML mapping)", line: 1, column: 1 };
  }
  return { ok: true, object: value as KubeObject };
}

/**
 * The text with `metadata.managedFields` set to `managedFields` (shown) or removed (hidden), touching nothing else
 * of what the user wrote. Text that does not parse is returned unchanged.
 */
export function toggleManagedFields(text: string, managedFields: unknown[] | undefined): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  if (managedFields === undefined) {
    if (!doc.hasIn(["metadata", "managedFields"])) return text;
    doc.deleteIn(["metadata", "managedFields"]);
  } else {
    if (!doc.hasIn(["metadata"])) return text;
    doc.setIn(["metadata", "managedFields"], doc.createNode(managedFields));
  }
  return doc.toString({ lineWidth: 0 });
}

/** Metadata the server owns: sent in an apply patch it would be refused (managedFields) or act as a precondition. */
const SERVER_METADATA = ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "selfLink"];

/**
 * The body of a server-side apply: the user's object without server-owned metadata. Field ownership, not the
 * resourceVersion, is what protects others' changes in this mode.
 */
export function applyPatchBody(object: KubeObject): KubeObject {
  const metadata = { ...(object.metadata ?? {}) };
  for (const key of SERVER_METADATA) delete metadata[key];
  return { ...object, metadata };
}

/** The object with `metadata.resourceVersion` set: a replace must carry the version the user started from. */
export function withResourceVersion(object: KubeObject, resourceVersion: string): KubeObject {
  return { ...object, metadata: { ...(object.metadata ?? {}), resourceVersion } };
}
