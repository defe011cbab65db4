import dagre from "@dagrejs/dagre";
import type { Relations } from "@loupe/protocol";
import { layered } from "./layered.ts";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 56;

/** Above this many nodes, the linear layered layout (layered.ts) instead of dagre's. */
export const LARGE_GRAPH = 120;

export interface Placed {
  id: string;
  x: number;
  y: number;
}

/**
 * Positions for a neighbourhood, laid out by dagre as layers left to right: owners left of what they own, an object
 * left of what it references or selects. Cycles are fine (dagre breaks them). Positions are top-left corners. A large
 * graph (over {@link LARGE_GRAPH} nodes) is laid out by layered.ts: dagre spends most of a second on 500 nodes.
 */
export function layoutGraph(relations: Relations): Map<string, Placed> {
  const started = performance.now();
  const placed = place(relations);
  // For the benchmark (and DevTools' timings): how long the layout took, apart from React Flow's render.
  performance.measure?.(LAYOUT_MEASURE, { start: started, detail: { nodes: relations.nodes.length } });
  return placed;
}

/** The User Timing measure each layout records. */
export const LAYOUT_MEASURE = "loupe:relations-layout";

function place(relations: Relations): Map<string, Placed> {
  if (relations.nodes.length > LARGE_GRAPH) {
    const centres = layered(
      relations.nodes.map((n) => n.id),
      relations.edges.map((e) => [e.from, e.to] as const),
      relations.root,
      { nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT, nodeSep: 18, rankSep: 90, margin: 20 },
    );
    const placed = new Map<string, Placed>();
    for (const [id, at] of centres) placed.set(id, { id, x: at.x - NODE_WIDTH / 2, y: at.y - NODE_HEIGHT / 2 });
    return placed;
  }
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 90, marginx: 20, marginy: 20, ranker: "longest-path" });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of relations.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  relations.edges.forEach((edge, i) => {
    if (edge.from !== edge.to) graph.setEdge(edge.from, edge.to, {}, `e${i}`);
  });
  dagre.layout(graph);
  const placed = new Map<string, Placed>();
  for (const node of relations.nodes) {
    const at = graph.node(node.id);
    placed.set(node.id, { id: node.id, x: (at?.x ?? 0) - NODE_WIDTH / 2, y: (at?.y ?? 0) - NODE_HEIGHT / 2 });
  }
  return placed;
}
