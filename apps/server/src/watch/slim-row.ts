import type { Health, KubeObject, ObjectMeta, TableRow } from "@loupe/protocol";
import { computeHealth } from "../health/index.ts";
import { intern } from "./intern.ts";
import type { WatchItem } from "./lister-watcher.ts";

/**
 * Built-in resources that carry no status worth reading, or whose bodies must not be fetched for nothing: their
 * Table watches ask for metadata only (`includeObject=Metadata`). CRDs are among them (DESIGN §3: the CRD watch
 * asks for metadata; their schemas are megabytes); Secrets and ConfigMaps hold data Loupe has no reason to read.
 */
const METADATA_ONLY = new Set([
  "/configmaps",
  "/secrets",
  "/serviceaccounts",
  "/endpoints",
  "/events",
  "/podtemplates",
  "/limitranges",
  "events.k8s.io/events",
  "discovery.k8s.io/endpointslices",
  "coordination.k8s.io/leases",
  "apps/controllerrevisions",
  "rbac.authorization.k8s.io/roles",
  "rbac.authorization.k8s.io/rolebindings",
  "rbac.authorization.k8s.io/clusterroles",
  "rbac.authorization.k8s.io/clusterrolebindings",
  "admissionregistration.k8s.io/mutatingwebhookconfigurations",
  "admissionregistration.k8s.io/validatingwebhookconfigurations",
  "apiextensions.k8s.io/customresourcedefinitions",
]);

/** Kinds whose health cannot be told from metadata alone: their metadata-only rows carry no health. */
const STATUS_NOT_READ = new Set(["apiextensions.k8s.io/customresourcedefinitions"]);

/** What a Table watch of `group/resource` asks the API server to embed in each row. */
export function tableIncludeObject(group: string, resource: string): "Object" | "Metadata" {
  return METADATA_ONLY.has(`${group}/${resource}`) ? "Metadata" : "Object";
}

/** A status larger than this (as JSON) is cut to its conditions and scalar fields. */
export const MAX_STATUS_BYTES = 8 * 1024;
/** Condition messages are cut to this many characters in a cut status. */
const MAX_MESSAGE_CHARS = 1024;

/**
 * A Table row as reflectors keep it (DESIGN §12: metadata and status only, bounded): the row's object is cut to
 * identity, labels, ownerReferences, generation, timestamps, resourceVersion and a bounded `status` (no spec, no
 * managedFields, no annotations, no data), and its {@link TableRow.health} is computed from the whole object first.
 * An item that is a whole object rather than a row (an API server that cannot make Tables) becomes a row without
 * cells. Never throws.
 */
export function slimRow(item: WatchItem, group: string, resource: string): TableRow {
  const row: TableRow = isRow(item) ? item : { cells: [], object: item };
  const full = row.object;
  const metadataOnly = full.kind === "PartialObjectMetadata";
  const metadata = slimMeta(full.metadata);
  const object: KubeObject = { apiVersion: intern(full.apiVersion), kind: intern(full.kind), metadata };
  if (!metadataOnly && full.status !== undefined) object.status = internStatus(slimStatus(full.status));
  const slim: TableRow = { cells: internCells(row.cells, metadata.name), object };
  if (row.conditions) slim.conditions = row.conditions;
  if (!(metadataOnly && STATUS_NOT_READ.has(`${group}/${resource}`))) {
    slim.health = sharedHealth(computeHealth(full, { group, kind: full.kind ?? "" }));
  }
  return slim;
}

/** Cells: the name cell shares the name's string; the others (ages, phases, counts as text) are interned. */
function internCells(cells: unknown[], name: string | undefined): unknown[] {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (typeof cell === "string") cells[i] = cell === name ? name : intern(cell);
  }
  return cells;
}

const CONDITION_FIELDS = ["type", "status", "reason", "message", "lastTransitionTime", "lastUpdateTime"] as const;

/** The status's short strings (phase, condition fields) interned, in place (the status was parsed for this row). */
function internStatus(status: unknown): unknown {
  if (typeof status !== "object" || status === null || Array.isArray(status)) return status;
  const fields = status as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string") fields[key] = intern(value);
    else if (key === "conditions" && Array.isArray(value)) {
      for (const condition of value) {
        if (typeof condition !== "object" || condition === null) continue;
        const c = condition as Record<string, unknown>;
        for (const field of CONDITION_FIELDS) if (typeof c[field] === "string") c[field] = intern(c[field]);
      }
    }
  }
  return status;
}

const MAX_SHARED_HEALTH = 10_000;
let healths = new Map<string, Health>();

/**
 * One object per distinct verdict: most objects of a kind share theirs (`Current`, "Ready"), so rows point to one
 * (verdicts are never modified once made). Bounded as {@link intern}.
 */
function sharedHealth(health: Health): Health {
  if (health.message.length > 256) return health;
  const key = `${health.verdict}\u0000${health.rule}\u0000${health.reason}\u0000${health.message}`;
  const held = healths.get(key);
  if (held) return held;
  if (healths.size >= MAX_SHARED_HEALTH) healths = new Map();
  healths.set(key, health);
  return health;
}

function isRow(item: WatchItem): item is TableRow {
  return Array.isArray((item as TableRow).cells) && typeof (item as TableRow).object === "object";
}

const META_FIELDS = [
  "name",
  "namespace",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "labels",
  "ownerReferences",
] as const;

/** Fields whose values repeat across objects (uids, names and resourceVersions do not: they are kept as parsed). */
const SHARED_META = new Set<string>(["namespace", "creationTimestamp", "deletionTimestamp"]);

/** The metadata a row carries (identity, labels, owners, timestamps): no managedFields, no annotations. */
export function slimMeta(meta: ObjectMeta): ObjectMeta {
  const slim: Record<string, unknown> = {};
  for (const field of META_FIELDS) {
    const value = meta[field];
    if (value === undefined) continue;
    slim[field] = SHARED_META.has(field) ? intern(value) : value;
  }
  if (meta.labels) {
    const labels: Record<string, string> = {};
    for (const [key, value] of Object.entries(meta.labels)) labels[key] = intern(value);
    slim.labels = labels;
  }
  return slim as ObjectMeta;
}

/** The status as is when small; else its scalar fields, conditions (messages cut) and the conditions of parents/bindings. */
export function slimStatus(status: unknown): unknown {
  if (typeof status !== "object" || status === null) return status;
  if (JSON.stringify(status).length <= MAX_STATUS_BYTES) return status;
  const cut: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(status)) {
    if (value === null || typeof value !== "object") {
      cut[key] = typeof value === "string" ? value.slice(0, MAX_MESSAGE_CHARS) : value;
    } else if (key === "conditions" && Array.isArray(value)) {
      cut.conditions = value.slice(0, 32).map(cutCondition);
    } else if ((key === "parents" || key === "bindings") && Array.isArray(value)) {
      cut[key] = value.slice(0, 32).map((entry) => {
        const e = entry as Record<string, unknown>;
        const conditions = Array.isArray(e.conditions) ? e.conditions.slice(0, 32).map(cutCondition) : undefined;
        return { parentRef: e.parentRef, name: e.name, namespace: e.namespace, conditions };
      });
    }
  }
  return cut;
}

function cutCondition(condition: unknown): unknown {
  if (typeof condition !== "object" || condition === null) return condition;
  const c = condition as Record<string, unknown>;
  return typeof c.message === "string" && c.message.length > MAX_MESSAGE_CHARS
    ? { ...c, message: `${c.message.slice(0, MAX_MESSAGE_CHARS)}…` }
    : c;
}
