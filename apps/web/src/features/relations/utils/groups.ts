import type { RelationEdge, RelationNode, Relations } from "@loupe/protocol";

/** How a neighbour relates to the object, as the Related panel groups them. */
export type RelationGroup = "owners" | "children" | "references" | "referencedBy" | "selects" | "selectedBy";

export const GROUP_TITLES: Record<RelationGroup, string> = {
  owners: "Owners",
  children: "Children",
  references: "References",
  referencedBy: "Referenced by",
  selects: "Selects",
  selectedBy: "Selected by",
};

export interface RelatedEntry {
  node: RelationNode;
  /** The fields that make the relation (a reference's or selector's), if any. */
  fields: string[];
  /** An ownerReference with controller: true. */
  controller: boolean;
}

/**
 * The object's direct neighbours, grouped by how they relate (edges touching the root), each group sorted by kind
 * then name; a neighbour related in two ways is in both groups. Pure.
 */
export function groupNeighbours(relations: Relations): Record<RelationGroup, RelatedEntry[]> {
  const byId = new Map(relations.nodes.map((n) => [n.id, n]));
  const groups: Record<RelationGroup, Map<string, RelatedEntry>> = {
    owners: new Map(),
    children: new Map(),
    references: new Map(),
    referencedBy: new Map(),
    selects: new Map(),
    selectedBy: new Map(),
  };
  const put = (group: RelationGroup, id: string, edge: RelationEdge) => {
    const node = byId.get(id);
    if (!node) return;
    const entry = groups[group].get(id) ?? { node, fields: [], controller: false };
    if (edge.field && !entry.fields.includes(edge.field)) entry.fields.push(edge.field);
    if (edge.controller) entry.controller = true;
    groups[group].set(id, entry);
  };
  for (const edge of relations.edges) {
    const out = edge.from === relations.root;
    const into = edge.to === relations.root;
    if (!out && !into) continue;
    if (edge.type === "owner") put(out ? "children" : "owners", out ? edge.to : edge.from, edge);
    else if (edge.type === "reference") put(out ? "references" : "referencedBy", out ? edge.to : edge.from, edge);
    else put(out ? "selects" : "selectedBy", out ? edge.to : edge.from, edge);
  }
  const sorted = (map: Map<string, RelatedEntry>) =>
    [...map.values()].sort(
      (a, b) =>
        a.node.kind.localeCompare(b.node.kind) ||
        (a.node.namespace ?? "").localeCompare(b.node.namespace ?? "") ||
        a.node.name.localeCompare(b.node.name),
    );
  return {
    owners: sorted(groups.owners),
    children: sorted(groups.children),
    references: sorted(groups.references),
    referencedBy: sorted(groups.referencedBy),
    selects: sorted(groups.selects),
    selectedBy: sorted(groups.selectedBy),
  };
}
