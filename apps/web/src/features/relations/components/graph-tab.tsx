import type { ResourceTarget } from "../../../lib/resource-path.ts";
import { useRelations } from "../api/get-relations.ts";
import { RelationsGraph } from "./relations-graph.tsx";

export const GRAPH_DEPTHS = [1, 2, 3, 4] as const;
const GRAPH_LIMIT = 500;

/**
 * The object page's Graph tab: the neighbourhood to a chosen depth (in the URL, `?depth=`), read again as the object
 * changes and every 15 s. Loaded on first use: the graph library stays out of the first bundle.
 */
export function GraphTab({
  context,
  target,
  resourceVersion,
  depth,
  onDepth,
}: {
  context: string;
  target: ResourceTarget & { name: string };
  resourceVersion: string | undefined;
  depth: number;
  onDepth: (depth: number) => void;
}) {
  const relations = useRelations(context, target, { depth, limit: GRAPH_LIMIT, resourceVersion });
  const data = relations.data;
  return (
    <div>
      <div className="graph-toolbar">
        <label>
          Depth{" "}
          <select value={depth} onChange={(e) => onDepth(Number(e.target.value))}>
            {GRAPH_DEPTHS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        {data ? (
          <span className="muted" role="status">
            {data.nodes.length} objects, {data.edges.length} relations
            {data.truncated ? ` (first ${GRAPH_LIMIT} only)` : ""}
            {relations.isFetching ? " · updating…" : ""}
          </span>
        ) : null}
        <span className="graph-legend" title="Legend">
          <span>
            <span className="swatch" style={{ borderColor: "#3a5ccc" }} />
            owns
          </span>
          <span>
            <span className="swatch" style={{ borderColor: "#9a6700", borderTopStyle: "dashed" }} />
            references
          </span>
          <span>
            <span className="swatch" style={{ borderColor: "#1a7f37", borderTopStyle: "dotted" }} />
            selects
          </span>
        </span>
      </div>
      {relations.isPending ? <p className="muted">Finding related objects…</p> : null}
      {relations.error && !data ? (
        <p className="error-note">Relations could not be read: {relations.error.message}</p>
      ) : null}
      {data ? <RelationsGraph context={context} relations={data} /> : null}
    </div>
  );
}
