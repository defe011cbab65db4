import type { RelationEdge, RelationNode, Relations } from "@loupe/protocol";
import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  useStore,
} from "@xyflow/react";
import { useMemo } from "react";
import { useNavigate } from "react-router";
import { inAppClick } from "../../../lib/in-app-link.ts";
import "@xyflow/react/dist/style.css";
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from "../utils/layout.ts";
import { HealthBadge } from "./health-badge.tsx";
import { nodeUrl } from "./related-panel.tsx";
import "../relations.css";

type GraphNodeData = { node: RelationNode; url: string; root: boolean; navigate: (to: string) => void };
type GraphNode = Node<GraphNodeData, "object">;

const EDGE_STYLE: Record<RelationEdge["type"], { stroke: string; strokeDasharray?: string }> = {
  owner: { stroke: "#3a5ccc" },
  reference: { stroke: "#9a6700", strokeDasharray: "6 4" },
  selector: { stroke: "#1a7f37", strokeDasharray: "2 3" },
};

/** One object in the graph: kind and health, its name as a link (Tab reaches it, Enter opens it). */
function ObjectNode({ data }: NodeProps<GraphNode>) {
  const { node, url, root, navigate } = data;
  const label = `${node.kind} ${node.namespace ? `${node.namespace}/` : ""}${node.name}`;
  return (
    <div className={`graph-node${root ? " root" : ""}${node.missing ? " missing" : ""}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="graph-kind">
        <span>{node.kind}</span>
        <HealthBadge health={node.health} missing={node.missing} />
      </div>
      {node.missing || root ? (
        <span className="graph-name" title={label}>
          {node.name}
        </span>
      ) : (
        // A plain <a> (lib/in-app-link.ts): a graph has hundreds of nodes, a router <Link> costs several hooks each.
        <a href={url} title={label} aria-label={`Open ${label}`} onClick={inAppClick(navigate, url)}>
          {node.name}
        </a>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const nodeTypes = { object: ObjectNode };

/** Below this zoom the background's dots are left out. */
const BACKGROUND_MIN_ZOOM = 0.3;

/**
 * The dotted background, only where it can be seen: its pattern scales with the zoom, and at the zoom that fits a
 * 500-node graph (0.05) its dots are 1 px apart — hundreds of thousands of them, painted again in every frame of a pan.
 */
function ZoomedBackground() {
  const visible = useStore((s) => s.transform[2] >= BACKGROUND_MIN_ZOOM);
  return visible ? <Background /> : null;
}

/** React Flow nodes and edges, positioned by dagre (utils/layout.ts). */
export function toFlow(
  context: string,
  relations: Relations,
  navigate: (to: string) => void,
): { nodes: GraphNode[]; edges: Edge[] } {
  const placed = layoutGraph(relations);
  const nodes: GraphNode[] = relations.nodes.map((node) => ({
    id: node.id,
    type: "object",
    position: placed.get(node.id) ?? { x: 0, y: 0 },
    data: { node, url: nodeUrl(context, node), root: node.id === relations.root, navigate },
    // Known sizes: React Flow places and fits the graph without measuring 500 nodes first.
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    draggable: false,
    connectable: false,
    ariaLabel: `${node.kind} ${node.name}${node.missing ? " (missing)" : ""}${node.health ? `, ${node.health.verdict}` : ""}`,
  }));
  const edges: Edge[] = relations.edges.map((edge, i) => ({
    id: `e${i}`,
    source: edge.from,
    target: edge.to,
    style: EDGE_STYLE[edge.type],
    markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_STYLE[edge.type].stroke },
    ariaLabel: `${edge.type}${edge.field ? ` ${edge.field}` : ""}`,
    // A reference's field names it (`secretName`); owner and selector edges are told apart by their line.
    ...(edge.type === "reference" && edge.field
      ? { label: edge.field.split(".").at(-1), labelStyle: { fontSize: 10 } }
      : {}),
  }));
  return { nodes, edges };
}

/**
 * The neighbourhood as a graph (@xyflow/react, laid out by dagre): owners to the left of what they own, an object to
 * the left of what it references or selects. Pan and zoom with the mouse, the controls or the keyboard (the
 * canvas and each node are focusable); each node's name is a link to its page.
 */
export function RelationsGraph({ context, relations }: { context: string; relations: Relations }) {
  const navigate = useNavigate();
  const flow = useMemo(() => toFlow(context, relations, navigate), [context, relations, navigate]);
  return (
    <div className="graph-view" data-testid="relations-graph">
      <ReactFlow
        nodes={flow.nodes}
        edges={flow.edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.1, maxZoom: 1.2 }}
        minZoom={0.05}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        colorMode="system"
      >
        <ZoomedBackground />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
