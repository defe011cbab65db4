import type { CatalogResource, Health, RelationEdge, RelationNode, Relations } from "@loupe/protocol";
import { computeHealth } from "../health/index.ts";
import {
  type InferredReference,
  type InferredSelector,
  inferReferences,
  inferReferencesCached,
  selects,
} from "./infer.ts";
import type { KindIndex } from "./kinds.ts";
import { type KubeObj, ReadFailed, type UserReads } from "./source.ts";

/** Objects found around a node, each with its kind. */
export interface Around {
  /** `health`: the verdict, when the source knows it (the inventory's rows carry it). */
  objects: { resource: CatalogResource; object: KubeObj; health?: Health }[];
  warnings: string[];
}

/** Where a node's children and the objects that may reference or select it come from. */
export interface Neighbours {
  /** Objects whose ownerReferences name the node's uid (a superset is fine: the walker checks the uid). */
  children(node: WalkNode & { object: KubeObj }): Promise<Around>;
  /**
   * Whole objects (as the user reads them) of the kinds that may reference or select the node: in its namespace
   * for a namespaced node, everywhere for a cluster-scoped one.
   */
  referrers(node: WalkNode & { object: KubeObj }): Promise<Around>;
}

/** Is a field of a kind required by its schema (a reference there must resolve)? */
export type RequiredField = (resource: CatalogResource, field: string) => Promise<boolean>;

export interface WalkOptions {
  depth: number;
  /** Largest number of nodes in the answer. */
  limit: number;
  kinds: KindIndex;
  reads: UserReads;
  neighbours: Neighbours;
  required: RequiredField;
}

export interface WalkNode {
  resource: CatalogResource;
  namespace?: string;
  name: string;
  /** The whole object, when read already. */
  object?: KubeObj;
  /** Its health verdict, when known without the whole object. */
  health?: Health;
}

export const nodeId = (resource: CatalogResource, namespace: string | undefined, name: string) =>
  `${resource.group}/${resource.resource}/${resource.namespaced ? (namespace ?? "") : ""}/${name}`;

/**
 * Walks an object's neighbourhood breadth-first to `depth` hops (DESIGN §13): owners (ownerReferences), children
 * (objects whose ownerReferences name it), references inferred from its values and confirmed by reading the
 * target, label selectors and what they select, and incoming references (objects whose values name it). Every node
 * is read as the user: one the user may not get is not shown. Cycles end where a node is met again; the node limit
 * ends the walk (`truncated`).
 */
export async function walkRelations(root: WalkNode & { object: KubeObj }, options: WalkOptions): Promise<Relations> {
  const nodes = new Map<string, RelationNode>();
  const objects = new Map<string, WalkNode>();
  const edges = new Map<string, RelationEdge>();
  const warnings = new Set<string>();
  let truncated = false;

  const add = (node: WalkNode, depth: number, missing = false): string | undefined => {
    const id = nodeId(node.resource, node.namespace, node.name);
    if (nodes.has(id)) return id;
    if (nodes.size >= options.limit) {
      truncated = true;
      return undefined;
    }
    const health =
      node.health ??
      (node.object ? computeHealth(node.object, { group: node.resource.group, kind: node.resource.kind }) : undefined);
    nodes.set(id, {
      id,
      group: node.resource.group,
      version: node.resource.version,
      resource: node.resource.resource,
      kind: node.resource.kind,
      ...(node.resource.namespaced && node.namespace ? { namespace: node.namespace } : {}),
      name: node.name,
      ...(node.object?.metadata.uid ? { uid: node.object.metadata.uid } : {}),
      depth,
      ...(missing ? { missing: true } : {}),
      ...(health ? { health } : {}),
    });
    objects.set(id, node);
    return id;
  };
  const link = (edge: RelationEdge) => {
    const key = `${edge.from}|${edge.to}|${edge.type}|${edge.field ?? ""}`;
    if (!edges.has(key) && edge.from !== edge.to) edges.set(key, edge);
  };
  const guard = async (what: Promise<void>) => {
    try {
      await what;
    } catch (error) {
      if (error instanceof ReadFailed) warnings.add(error.message);
      else throw error;
    }
  };

  const rootId = add(root, 0) as string;
  let frontier = [rootId];
  for (let depth = 0; depth < options.depth && frontier.length > 0 && !truncated; depth++) {
    await prefetch(
      frontier.map((id) => objects.get(id) as WalkNode),
      options.reads,
    );
    const next: string[] = [];
    const found = (id: string | undefined) => {
      if (id !== undefined && (nodes.get(id)?.depth ?? -1) === depth + 1) next.push(id);
    };
    await Promise.all(
      frontier.map((id) =>
        guard(
          expand(objects.get(id) as WalkNode, id, depth + 1, {
            ...options,
            add,
            link,
            found,
            warn: (w) => warnings.add(w),
          }),
        ),
      ),
    );
    frontier = [...new Set(next)];
  }
  return {
    root: rootId,
    depth: options.depth,
    nodes: [...nodes.values()],
    edges: [...edges.values()].filter((e) => nodes.has(e.from) && nodes.has(e.to)),
    truncated,
    warnings: [...warnings].slice(0, 20),
  };
}

/** Nodes of one kind and namespace to read whole before one list of them costs less than a GET each. */
const LIST_INSTEAD = 3;

/**
 * Reads the nodes of a frontier that are not read yet (children come slim from the inventory): where several are
 * of one kind and namespace, one list (as the user, up to 500) reads them all; the rest are read one by one later.
 */
async function prefetch(nodes: readonly WalkNode[], reads: UserReads): Promise<void> {
  const groups = new Map<string, WalkNode[]>();
  for (const node of nodes) {
    if (node.object) continue;
    const key = `${node.resource.group}/${node.resource.resource}/${node.namespace ?? ""}`;
    const group = groups.get(key) ?? [];
    group.push(node);
    groups.set(key, group);
  }
  await Promise.all(
    [...groups.values()]
      .filter((group) => group.length >= LIST_INSTEAD)
      .map(async (group) => {
        const first = group[0] as WalkNode;
        try {
          const read = await reads.list(first.resource, first.namespace, { limit: 500 });
          if (!("ok" in read)) return;
          const byName = new Map(read.ok.map((o) => [o.metadata.name, o]));
          for (const node of group) node.object = byName.get(node.name);
        } catch (error) {
          if (!(error instanceof ReadFailed)) throw error;
        }
      }),
  );
}

interface Expansion extends WalkOptions {
  add(node: WalkNode, depth: number, missing?: boolean): string | undefined;
  link(edge: RelationEdge): void;
  found(id: string | undefined): void;
  warn(warning: string): void;
}

async function expand(node: WalkNode, id: string, depth: number, x: Expansion): Promise<void> {
  if (!node.object) {
    const read = await x.reads.get(node.resource, node.namespace, node.name);
    if (!("ok" in read)) return;
    node.object = read.ok;
  }
  const object = node.object;
  const namespace = object.metadata.namespace;
  await Promise.all([
    // Owners: up.
    ...(object.metadata.ownerReferences ?? []).map(async (ref) => {
      const slash = ref.apiVersion.indexOf("/");
      const group = slash < 0 ? "" : ref.apiVersion.slice(0, slash);
      const resource = x.kinds.byKind(ref.kind, group)[0];
      if (!resource) return;
      const ownerNs = resource.namespaced ? namespace : undefined;
      const read = await x.reads.get(resource, ownerNs, ref.name);
      if (!("ok" in read) || read.ok.metadata.uid !== ref.uid) return;
      const owner = x.add({ resource, namespace: ownerNs, name: ref.name, object: read.ok }, depth);
      if (owner === undefined) return;
      x.link({ from: owner, to: id, type: "owner", ...(ref.controller ? { controller: true } : {}) });
      x.found(owner);
    }),
    // References it makes, each confirmed by reading the target as the user.
    (async () => {
      const inferred = inferReferences(object, x.kinds, node.resource.group, namespace);
      await Promise.all(
        inferred.references.map(async (ref) => {
          for (const candidate of ref.candidates) {
            const ns = candidate.namespaced ? ref.namespace : undefined;
            if (candidate.namespaced && ns === undefined) continue;
            const read = await x.reads.get(candidate, ns, ref.name);
            if ("forbidden" in read) return;
            if ("ok" in read) {
              const target = x.add({ resource: candidate, namespace: ns, name: ref.name, object: read.ok }, depth);
              if (target === undefined) return;
              x.link({ from: id, to: target, type: "reference", field: ref.field });
              x.found(target);
              return;
            }
          }
          // Not there: shown as missing only when the schema says the field must be set.
          const first = ref.candidates[0] as CatalogResource;
          if (await x.required(node.resource, ref.field)) {
            const ns = first.namespaced ? ref.namespace : undefined;
            const target = x.add({ resource: first, namespace: ns, name: ref.name }, depth, true);
            if (target !== undefined) x.link({ from: id, to: target, type: "reference", field: ref.field });
          }
        }),
      );
      await Promise.all(
        inferred.selectors.map(async (selector) => {
          const resource = selector.candidates[0] as CatalogResource;
          const ns = resource.namespaced ? namespace : undefined;
          if (!(await x.reads.canGet(resource, ns))) return;
          const read = await x.reads.list(resource, ns, { labelSelector: selector.labelSelector, limit: 50 });
          if (!("ok" in read)) return;
          for (const item of read.ok) {
            const itemNs = item.metadata.namespace;
            const target = x.add({ resource, namespace: itemNs, name: item.metadata.name, object: item }, depth);
            if (target === undefined) return;
            x.link({ from: id, to: target, type: "selector", field: selector.field });
            x.found(target);
          }
        }),
      );
    })(),
    // Children: objects whose ownerReferences name it.
    (async () => {
      const uid = object.metadata.uid;
      if (uid === undefined) return;
      const around = await x.neighbours.children({ ...node, object });
      for (const w of around.warnings) x.warn(w);
      const owned = around.objects.filter(({ object: child }) =>
        child.metadata.ownerReferences?.some((o) => o.uid === uid),
      );
      // One access review per kind and namespace, all at once (not one after another in the loop below).
      const allowed = await mayGet(
        x.reads,
        owned.map(({ resource, object: child }) => [resource, child.metadata.namespace]),
      );
      for (const { resource, object: child, health } of owned) {
        const ref = child.metadata.ownerReferences?.find((o) => o.uid === uid);
        if (!ref) continue;
        const childNs = child.metadata.namespace;
        if (!allowed(resource, childNs)) continue;
        // Slim (the inventory's): read whole when the walk goes on from it.
        const childId = x.add({ resource, namespace: childNs, name: child.metadata.name, health }, depth);
        if (childId === undefined) return;
        x.link({ from: id, to: childId, type: "owner", ...(ref.controller ? { controller: true } : {}) });
        x.found(childId);
      }
    })(),
    // Incoming references and selectors: objects whose values name it or whose selectors match its labels.
    (async () => {
      const around = await x.neighbours.referrers({ ...node, object });
      for (const w of around.warnings) x.warn(w);
      const isNode = (c: CatalogResource) => c.group === node.resource.group && c.resource === node.resource.resource;
      const labels = object.metadata.labels as Record<string, string> | undefined;
      const pointing: {
        resource: CatalogResource;
        other: KubeObj;
        refs: InferredReference[];
        selecting: InferredSelector[];
      }[] = [];
      for (const { resource, object: other } of around.objects) {
        const otherNs = other.metadata.namespace;
        // The same watched objects are scanned by every walk: their references are inferred once.
        const inferred = inferReferencesCached(other, x.kinds, resource.group, otherNs);
        const refs = inferred.references.filter((ref) =>
          ref.candidates.some(
            (c) => isNode(c) && ref.name === node.name && (!c.namespaced || ref.namespace === node.namespace),
          ),
        );
        const selecting = inferred.selectors.filter(
          (s) =>
            isNode(s.candidates[0] as CatalogResource) &&
            (!node.resource.namespaced || otherNs === node.namespace) &&
            selects(s.requirements, labels),
        );
        if (refs.length === 0 && selecting.length === 0) continue;
        pointing.push({ resource, other, refs, selecting });
      }
      const allowed = await mayGet(
        x.reads,
        pointing.map(({ resource, other }) => [resource, other.metadata.namespace]),
      );
      for (const { resource, other, refs, selecting } of pointing) {
        const otherNs = other.metadata.namespace;
        if (!allowed(resource, otherNs)) continue;
        const otherId = x.add({ resource, namespace: otherNs, name: other.metadata.name, object: other }, depth);
        if (otherId === undefined) return;
        for (const ref of refs) x.link({ from: otherId, to: id, type: "reference", field: ref.field });
        for (const s of selecting) x.link({ from: otherId, to: id, type: "selector", field: s.field });
        x.found(otherId);
      }
    })(),
  ]);
}

/**
 * Asks, all at once, whether the user may get each distinct kind and namespace of `pairs` (one review each, shared
 * within the request); answers synchronously afterwards.
 */
async function mayGet(
  reads: UserReads,
  pairs: readonly (readonly [CatalogResource, string | undefined])[],
): Promise<(resource: CatalogResource, namespace: string | undefined) => boolean> {
  const key = (r: CatalogResource, ns: string | undefined) => `${r.group}/${r.resource}/${ns ?? ""}`;
  const asked = new Map<string, Promise<boolean>>();
  for (const [resource, ns] of pairs) {
    const k = key(resource, ns);
    if (!asked.has(k)) asked.set(k, reads.canGet(resource, ns));
  }
  const answers = new Map<string, boolean>();
  await Promise.all([...asked].map(async ([k, answer]) => answers.set(k, await answer)));
  return (resource, ns) => answers.get(key(resource, ns)) === true;
}
