import { stringify } from "yaml";

/** A copy without `metadata.managedFields` (server-side apply bookkeeping: long, and rarely what anyone reads). */
export function withoutManagedFields<T>(object: T): T {
  if (!object || typeof object !== "object") return object;
  const metadata = (object as { metadata?: Record<string, unknown> }).metadata;
  if (!metadata || !("managedFields" in metadata)) return object;
  const { managedFields: _, ...rest } = metadata;
  return { ...object, metadata: rest };
}

/** How many managedFields entries `object` has (0 when none). */
export function managedFieldsCount(object: unknown): number {
  const fields = (object as { metadata?: { managedFields?: unknown } } | null)?.metadata?.managedFields;
  return Array.isArray(fields) ? fields.length : 0;
}

/** The object as YAML the way kubectl prints it: keys in the server's order, long strings never folded. */
export function toYaml(object: unknown): string {
  return stringify(object, { lineWidth: 0, aliasDuplicateObjects: false });
}
