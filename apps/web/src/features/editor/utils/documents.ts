import type { CatalogResource } from "@loupe/protocol";
import { LineCounter, parseAllDocuments } from "yaml";
import type { ResourceTarget } from "../../../lib/resource-path.ts";
import type { KubeObject } from "./object-text.ts";

/**
 * Multi-document YAML (`kubectl apply -f` input) split into the objects to apply, each resolved against the
 * context's catalog to the URL it is applied at. Pure. Limits: {@link MAX_DOCUMENTS} objects and
 * {@link MAX_TEXT_BYTES} of text (the server bounds each request body as well).
 */

export const MAX_DOCUMENTS = 100;
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

/** One object of the text, ready to apply, or why it cannot be. */
export type PlannedDocument =
  | {
      ok: true;
      index: number;
      line: number;
      object: KubeObject;
      resource: CatalogResource;
      target: ResourceTarget & { name: string };
      label: string;
    }
  | { ok: false; index: number; line: number; label: string; problem: string };

export interface SplitResult {
  documents: PlannedDocument[];
  /** A problem with the text as a whole (too big, too many documents, a YAML error): nothing is applied. */
  problem?: string;
}

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/**
 * The objects of `text` in order: empty documents are skipped, a `List` (kind `List` or `...List` with `items`) is
 * its items. `namespace` is the default for namespaced kinds that name none (kubectl's `-n`).
 */
export function splitDocuments(text: string, resources: readonly CatalogResource[], namespace: string): SplitResult {
  if (byteLength(text) > MAX_TEXT_BYTES) {
    return { documents: [], problem: `The text is over ${MAX_TEXT_BYTES / 1024 / 1024} MB: apply it in parts.` };
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  if (!Array.isArray(docs)) return { documents: [], problem: "The text is not YAML." };
  const objects: { value: unknown; line: number }[] = [];
  for (const doc of docs) {
    const line = lineCounter.linePos(doc.contents?.range?.[0] ?? doc.range[0]).line;
    const error = doc.errors[0];
    if (error) {
      const at = lineCounter.linePos(error.pos[0]);
      return { documents: [], problem: `YAML error on line ${at.line}: ${error.message.split("\n")[0]}` };
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return { documents: [], problem: `Document on line ${line}: ${(e as Error).message}` };
    }
    if (value === null || value === undefined) continue;
    const items = listItems(value);
    for (const item of items ?? [value]) objects.push({ value: item, line });
  }
  if (objects.length === 0) return { documents: [], problem: "The text holds no object." };
  if (objects.length > MAX_DOCUMENTS) {
    return { documents: [], problem: `The text holds ${objects.length} objects; at most ${MAX_DOCUMENTS} at once.` };
  }
  return { documents: objects.map(({ value, line }, index) => plan(value, line, index, resources, namespace)) };
}

function listItems(value: unknown): unknown[] | undefined {
  if (!isObject(value) || typeof value.kind !== "string" || !value.kind.endsWith("List")) return undefined;
  return Array.isArray(value.items) ? value.items : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function plan(
  value: unknown,
  line: number,
  index: number,
  resources: readonly CatalogResource[],
  defaultNamespace: string,
): PlannedDocument {
  const fail = (label: string, problem: string): PlannedDocument => ({ ok: false, index, line, label, problem });
  if (!isObject(value)) return fail(`document ${index + 1}`, "not a Kubernetes object (a YAML mapping)");
  const { apiVersion, kind } = value;
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const name = metadata.name;
  const label = `${typeof kind === "string" ? kind : "?"} ${typeof name === "string" ? name : "(no name)"}`;
  if (typeof apiVersion !== "string" || apiVersion === "") return fail(label, "apiVersion is missing");
  if (typeof kind !== "string" || kind === "") return fail(label, "kind is missing");
  if (typeof name !== "string" || name === "") {
    return fail(label, "metadata.name is missing (server-side apply needs a name; generateName cannot be applied)");
  }
  const slash = apiVersion.lastIndexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const resource = resources.find((r) => r.group === group && r.version === version && r.kind === kind);
  if (!resource) return fail(label, `the cluster serves no ${kind} in ${apiVersion}`);
  let namespace: string | undefined;
  let object = value as KubeObject;
  if (resource.namespaced) {
    namespace =
      typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : defaultNamespace;
    object = { ...object, metadata: { ...metadata, namespace } };
  } else if (metadata.namespace !== undefined) {
    return fail(label, `${kind} is cluster-scoped: remove metadata.namespace`);
  }
  const target = { group, version, resource: resource.resource, namespace, name };
  return { ok: true, index, line, object, resource, target, label: `${label}${namespace ? ` in ${namespace}` : ""}` };
}
