import dagre from "@dagrejs/dagre";
import type { Relations } from "@loupe/protocol";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 56;

export interface Placed {
  id: string;
  x: number;
  y: number;
}

/**
 * Positions for a neighbourhood, laid out by dagre as layers left to right: owners left of what they own, an object
 * left of what it references or selects. Cycles are fine (dagre breaks them). Positions are top-left corners.
 */
export function layoutGraph(relations: Relations): Map<string, Placed> {
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
