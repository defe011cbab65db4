import type { TableRow } from "@loupe/protocol";

/** kubectl's client-side apply copy of the whole object: on a CRD, its whole schema once more. */
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * A Table row as a reflector keeps and sends it: its object's metadata without `managedFields` and without the
 * last-applied-configuration annotation. Tables show names, labels, times and the server's cells; those two are
 * bookkeeping that can be larger than all the rest (a CRD applied with kubectl carries its whole schema in the
 * annotation), and a store of 1,500 CRDs or 50,000 objects would hold them all. The object page reads the whole
 * object. Changes the row in place (it was just parsed) and returns it.
 */
export function slimRow(row: TableRow): TableRow {
  const metadata = row.object?.metadata as
    | (Record<string, unknown> & { annotations?: Record<string, string> })
    | undefined;
  if (!metadata) return row;
  if ("managedFields" in metadata) delete metadata.managedFields;
  const annotations = metadata.annotations;
  if (annotations && LAST_APPLIED in annotations) {
    delete annotations[LAST_APPLIED];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  return row;
}
