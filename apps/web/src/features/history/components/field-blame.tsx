import type { HistoryChange } from "@loupe/protocol";
import { useMemo, useState } from "react";
import type { ResourceTarget } from "../../../lib/resource-path.ts";
import { useHistory } from "../api/list-history.ts";
import { ownedFields } from "../utils/managed-fields.ts";

/**
 * Who changed this: every field the object's `managedFields` assign to a manager, with the operation and the time
 * the manager last wrote, joined with the recorded change that last set that field (when the history has it).
 * Collapsed until asked for; rendered as text.
 */
export function FieldBlame({
  context,
  target,
  object,
}: {
  context: string;
  target: ResourceTarget & { name: string };
  object: unknown;
}) {
  const [open, setOpen] = useState(false);
  const fields = useMemo(() => ownedFields(object), [object]);
  const filters = useMemo(
    () => ({ group: target.group, resource: target.resource, namespace: target.namespace ?? "", name: target.name }),
    [target.group, target.resource, target.namespace, target.name],
  );
  const history = useHistory(context, { ...filters, limit: 200 }, {});
  const { lastSet, created } = useMemo(() => {
    const map = new Map<string, HistoryChange>();
    const items = history.data?.pages.flatMap((p) => p.items) ?? [];
    // The creation of this very object (its uid): what set every field no later change touched.
    const uid = (object as { metadata?: { uid?: string } } | null)?.metadata?.uid;
    const added = items.find((c) => c.type === "ADDED" && c.uid === uid);
    for (const change of items) {
      for (const field of change.changes) {
        // Newest first: the first change seen for a path (or a parent of it) is the one that last set it.
        if (!map.has(field.path)) map.set(field.path, change);
      }
    }
    return { lastSet: map, created: added };
  }, [history.data, object]);
  const recordedFor = (pointer: string | null): HistoryChange | undefined => {
    if (pointer === null) return undefined;
    for (let p = pointer; p; p = p.slice(0, p.lastIndexOf("/"))) {
      const hit = lastSet.get(p);
      if (hit) return hit;
    }
    return created;
  };
  if (fields.length === 0) return null;
  return (
    <section className="card" aria-labelledby="blame-heading">
      <h3 id="blame-heading">
        <button type="button" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
          {open ? "▾" : "▸"} Who changed this
        </button>{" "}
        <span className="count">{fields.length}</span>
      </h3>
      {open ? (
        <table className="plain-table" aria-label="Field managers">
          <thead>
            <tr>
              <th>Field</th>
              <th>Manager</th>
              <th>Operation</th>
              <th>Written</th>
              <th>Last recorded change</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => {
              const change = recordedFor(f.pointer);
              return (
                <tr key={`${f.manager}/${f.operation}/${f.subresource ?? ""}/${f.path}`}>
                  <td>
                    <code>{f.path}</code>
                  </td>
                  <td>{f.manager}</td>
                  <td>
                    {f.operation}
                    {f.subresource ? ` (/${f.subresource})` : ""}
                  </td>
                  <td className="muted">{f.time ? new Date(f.time).toLocaleString() : "—"}</td>
                  <td className="muted">
                    {change
                      ? `${change.type} ${new Date(change.time).toLocaleString()}${change.managers[0] ? ` by ${change.managers[0].manager}` : ""}`
                      : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
