import type { CatalogResource } from "@loupe/protocol";
import type { KindIndex } from "./kinds.ts";

/**
 * References an object makes, read from its own values with no per-kind configuration (DESIGN §13):
 * - an object with a `name` and a `kind` (`{kind: Deployment, name: web}`, `roleRef`, Argo's `status.resources[]`),
 *   the group from its `apiVersion` or `group` when it has one;
 * - an object with a `name` under a key that names a kind (`configMapRef: {name}`, `secretKeyRef: {name, key}`,
 *   `imagePullSecrets: [{name}]`, `configMap: {name}`);
 * - a string under a key `<kind>Name` or `<kind>Ref` (`secretName`, `serviceAccountName`, `claimName`,
 *   `storageClassName`), or a key that is a kind's own name (`namespace: prod` where it is not part of a reference);
 * - a label selector under `selector` (Pods) or `<kind>Selector` (`namespaceSelector`), as `matchLabels` /
 *   `matchExpressions` or a plain map (a Service's selector).
 * What is found is a candidate: the walker confirms it against live objects. Pure.
 */

export interface InferredReference {
  /** The field that makes it: `spec.secretName`, `spec.rules[0].backendRefs[0]`. */
  field: string;
  /** The kinds it may name, most likely first (several when a bare kind is served by several groups). */
  candidates: CatalogResource[];
  /** The namespace it names, when it names one. */
  namespace?: string;
  name: string;
}

export interface InferredSelector {
  field: string;
  /** The kinds it selects (Pods for a bare `selector`). */
  candidates: CatalogResource[];
  /** In Kubernetes' label selector syntax. */
  labelSelector: string;
  /** The same, parsed: what {@link selects} tests labels against. */
  requirements: Requirement[];
}

export interface Requirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values: string[];
}

/** Do these labels satisfy every requirement (as the API server reads a label selector)? */
export function selects(requirements: readonly Requirement[], labels: Record<string, string> | undefined): boolean {
  return requirements.every((r) => {
    const value = labels?.[r.key];
    switch (r.operator) {
      case "In":
        return value !== undefined && r.values.includes(value);
      case "NotIn":
        return value === undefined || !r.values.includes(value);
      case "Exists":
        return value !== undefined;
      default:
        return value === undefined;
    }
  });
}

export interface Inferred {
  references: InferredReference[];
  selectors: InferredSelector[];
}

/** Keys never walked: identity, metadata (ownerReferences are read on their own), conditions. */
const SKIP_KEYS = new Set(["metadata", "apiVersion", "kind", "conditions", "managedFields"]);
/** Keys whose string values are never references themselves (they are parts of one). */
const PART_KEYS = new Set(["name", "kind", "apiVersion", "group", "version", "uid", "resourceVersion", "fieldPath"]);
const MAX_VISITS = 20_000;
const MAX_FOUND = 200;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `backendRefs` → `backendRef`, `imagePullSecrets` → `imagePullSecret` (for keys of lists). */
const singular = (key: string) => (key.endsWith("ses") ? key.slice(0, -2) : key.endsWith("s") ? key.slice(0, -1) : key);

/** The kind-naming part of a reference key and whether it is explicitly a reference (`…Ref`, `…Name`). */
function prefixOf(key: string): { prefix: string; explicit: boolean } {
  for (const suffix of ["KeyRef", "Reference", "Ref", "Name"]) {
    if (key.endsWith(suffix) && key.length > suffix.length) {
      return { prefix: key.slice(0, -suffix.length), explicit: true };
    }
  }
  return { prefix: key, explicit: false };
}

export function inferReferences(
  object: Record<string, unknown>,
  kinds: KindIndex,
  ownGroup: string,
  ownNamespace: string | undefined,
): Inferred {
  const found: Inferred = { references: [], selectors: [] };
  let visits = 0;
  const full = () => found.references.length + found.selectors.length >= MAX_FOUND || visits >= MAX_VISITS;

  const refTo = (field: string, candidates: CatalogResource[], name: string, namespace?: string) => {
    if (candidates.length === 0 || name === "" || name.length > 253) return;
    found.references.push({ field, candidates, name, ...(namespace ? { namespace } : {}) });
  };

  const walk = (value: unknown, key: string, path: string): void => {
    if (full()) return;
    visits++;
    if (Array.isArray(value)) {
      const itemKey = singular(key);
      for (const [i, item] of value.entries()) walk(item, itemKey, `${path}[${i}]`);
      return;
    }
    if (!isRecord(value)) return;
    if (/selector$/i.test(key)) {
      const selector = selectorOf(value, key, kinds, ownGroup);
      if (selector) found.selectors.push({ field: path, ...selector });
      return;
    }
    const name = typeof value.name === "string" ? value.name : undefined;
    const namespace = typeof value.namespace === "string" && value.namespace !== "" ? value.namespace : undefined;
    if (name !== undefined) {
      if (typeof value.kind === "string" && value.kind !== "") {
        refTo(path, candidatesOfKind(value, kinds, ownGroup), name, namespace);
      } else {
        const { prefix, explicit } = prefixOf(key);
        refTo(path, kinds.forPrefix(prefix, explicit, ownGroup), name, namespace);
      }
    }
    for (const [child, v] of Object.entries(value)) {
      if (SKIP_KEYS.has(child)) continue;
      const childPath = path ? `${path}.${child}` : child;
      if (typeof v === "string") {
        if (PART_KEYS.has(child)) continue;
        // `namespace` beside a `name` is part of that reference, not one to a Namespace.
        if (child === "namespace" && name !== undefined) continue;
        const { prefix, explicit } = prefixOf(child);
        const candidates = explicit
          ? kinds.forPrefix(prefix, true, ownGroup)
          : kinds.byKind(child, undefined, ownGroup).filter((r) => r.kind.toLowerCase() === child.toLowerCase());
        refTo(childPath, candidates, v, undefined);
      } else {
        walk(v, child, childPath);
      }
    }
  };
  for (const [key, value] of Object.entries(object)) {
    if (!SKIP_KEYS.has(key)) walk(value, key, key);
  }
  // The namespace of a namespaced target defaults to the referrer's.
  for (const ref of found.references) {
    if (ref.namespace === undefined && ownNamespace && ref.candidates.some((c) => c.namespaced)) {
      ref.namespace = ownNamespace;
    }
  }
  return found;
}

function candidatesOfKind(value: Record<string, unknown>, kinds: KindIndex, ownGroup: string): CatalogResource[] {
  const kind = value.kind as string;
  let group: string | undefined;
  if (typeof value.apiVersion === "string" && value.apiVersion !== "") {
    const slash = value.apiVersion.indexOf("/");
    group = slash < 0 ? "" : value.apiVersion.slice(0, slash);
  } else if (typeof value.group === "string") {
    group = value.group;
  } else if (typeof value.apiGroup === "string") {
    group = value.apiGroup;
  }
  return kinds.byKind(kind, group, ownGroup);
}

function selectorOf(
  value: Record<string, unknown>,
  key: string,
  kinds: KindIndex,
  ownGroup: string,
): Omit<InferredSelector, "field"> | undefined {
  const prefix = key.slice(0, -"selector".length);
  const candidates = prefix === "" ? kinds.byKind("Pod", "") : kinds.forPrefix(prefix, false, ownGroup);
  if (candidates.length === 0) return undefined;
  const requirements = selectorRequirements(value);
  return requirements ? { candidates, labelSelector: selectorText(requirements), requirements } : undefined;
}

/**
 * A selector's requirements: `{matchLabels, matchExpressions}` or a plain map of labels. Undefined for an empty
 * selector (it selects everything: not a relation) or anything that is not a selector.
 */
export function selectorRequirements(value: Record<string, unknown>): Requirement[] | undefined {
  const out: Requirement[] = [];
  const structured = "matchLabels" in value || "matchExpressions" in value;
  const labels = structured ? value.matchLabels : value;
  if (labels !== undefined && labels !== null) {
    if (!isRecord(labels)) return undefined;
    for (const [key, v] of Object.entries(labels)) {
      if (typeof v !== "string") return undefined;
      out.push({ key, operator: "In", values: [v] });
    }
  }
  if (structured && Array.isArray(value.matchExpressions)) {
    for (const e of value.matchExpressions) {
      if (!isRecord(e) || typeof e.key !== "string") return undefined;
      if (e.operator !== "In" && e.operator !== "NotIn" && e.operator !== "Exists" && e.operator !== "DoesNotExist")
        return undefined;
      const values = Array.isArray(e.values) ? e.values.map(String) : [];
      out.push({ key: e.key, operator: e.operator, values });
    }
  }
  return out.length > 0 ? out : undefined;
}

/** Requirements in the API's text syntax (`a=1,b in (x,y),c notin (z),d,!e`). */
export function selectorText(requirements: readonly Requirement[]): string {
  return requirements
    .map((r) => {
      switch (r.operator) {
        case "In":
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(",")})`;
        case "NotIn":
          return `${r.key} notin (${r.values.join(",")})`;
        case "Exists":
          return r.key;
        default:
          return `!${r.key}`;
      }
    })
    .join(",");
}

/** A selector in the API's text syntax; undefined for an empty one or anything that is not a selector. */
export function labelSelectorText(value: Record<string, unknown>): string | undefined {
  const requirements = selectorRequirements(value);
  return requirements ? selectorText(requirements) : undefined;
}

/** Inferred references by kind index, then by object: the watched objects of a kind are the same between walks. */
const inferredOf = new WeakMap<KindIndex, WeakMap<object, Inferred>>();

/**
 * {@link inferReferences}, remembered per object (by identity, as long as the object lives): the referrers a walk
 * scans come from reflectors that keep an object until it changes, so each is read once, not once per panel.
 */
export function inferReferencesCached(
  object: Record<string, unknown>,
  kinds: KindIndex,
  ownGroup: string,
  ownNamespace: string | undefined,
): Inferred {
  let byObject = inferredOf.get(kinds);
  if (!byObject) {
    byObject = new WeakMap();
    inferredOf.set(kinds, byObject);
  }
  let inferred = byObject.get(object);
  if (!inferred) {
    inferred = inferReferences(object, kinds, ownGroup, ownNamespace);
    byObject.set(object, inferred);
  }
  return inferred;
}
