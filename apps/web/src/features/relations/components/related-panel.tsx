import type { RelationNode } from "@loupe/protocol";
import { Link } from "react-router";
import { type ResourceTarget, viewUrl } from "../../../lib/resource-path.ts";
import { PANEL_DEPTH, PANEL_LIMIT, useRelations } from "../api/get-relations.ts";
import { GROUP_TITLES, groupNeighbours, type RelatedEntry, type RelationGroup } from "../utils/groups.ts";
import { HealthBadge } from "./health-badge.tsx";
import "../relations.css";

const ORDER: RelationGroup[] = ["owners", "children", "references", "referencedBy", "selects", "selectedBy"];

/** The URL of a neighbour's page. */
export const nodeUrl = (context: string, node: RelationNode) =>
  viewUrl(context, {
    group: node.group,
    version: node.version,
    resource: node.resource,
    namespace: node.namespace,
    name: node.name,
  });

/**
 * The Overview's "Related" card: the object's owners, children, the objects it references or selects and those that
 * reference or select it (GET …/relations, depth 1), each with its health and a link, and the field that makes it.
 */
export function RelatedPanel({
  context,
  target,
  resourceVersion,
  graphUrl,
}: {
  context: string;
  target: ResourceTarget & { name: string };
  resourceVersion: string | undefined;
  /** The graph tab of this object. */
  graphUrl: string;
}) {
  const relations = useRelations(context, target, { depth: PANEL_DEPTH, limit: PANEL_LIMIT, resourceVersion });
  const groups = relations.data ? groupNeighbours(relations.data) : undefined;
  const total = groups ? ORDER.reduce((n, g) => n + groups[g].length, 0) : 0;
  return (
    <section className="card related-card" aria-labelledby="related-heading">
      <h3 id="related-heading">
        Related {groups ? <span className="count">{total}</span> : null}
        <Link to={graphUrl} className="related-graph-link">
          graph
        </Link>
      </h3>
      {relations.isPending ? <p className="muted">Finding related objects…</p> : null}
      {relations.error && !relations.data ? (
        <p className="muted">Related objects could not be read: {relations.error.message}</p>
      ) : null}
      {groups && total === 0 ? <p className="empty">No owners, children or references found.</p> : null}
      {groups
        ? ORDER.filter((g) => groups[g].length > 0).map((g) => (
            <div key={g} className="related-group">
              <h4>
                {GROUP_TITLES[g]} <span className="count">{groups[g].length}</span>
              </h4>
              <ul aria-label={GROUP_TITLES[g]}>
                {groups[g].map((entry) => (
                  <RelatedRow key={entry.node.id} context={context} entry={entry} />
                ))}
              </ul>
            </div>
          ))
        : null}
      {relations.data?.truncated ? (
        <p className="muted">Only the first {relations.data.nodes.length} related objects are shown.</p>
      ) : null}
      {relations.data && relations.data.warnings.length > 0 ? (
        <details className="muted related-warnings">
          <summary>{relations.data.warnings.length} lookups failed</summary>
          <ul>
            {relations.data.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function RelatedRow({ context, entry }: { context: string; entry: RelatedEntry }) {
  const { node } = entry;
  return (
    <li className="related-row">
      <span className="related-kind">{node.kind}</span>
      {node.missing ? (
        <span className="related-name">{node.name}</span>
      ) : (
        <Link to={nodeUrl(context, node)} className="related-name">
          {node.name}
        </Link>
      )}
      {node.namespace ? <span className="muted"> · {node.namespace}</span> : null}
      {entry.controller ? <span className="tag">controller</span> : null}
      <HealthBadge health={node.health} missing={node.missing} />
      {entry.fields.length > 0 ? <span className="muted related-field">{entry.fields.join(", ")}</span> : null}
    </li>
  );
}
