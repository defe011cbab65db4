import type { HistoryChange } from "@loupe/protocol";
import { ApiError } from "../errors.ts";
import type { StoredChange } from "./types.ts";

/** A stored change as the REST routes send it. */
export function toWire(change: StoredChange): HistoryChange {
  return {
    id: String(change.id),
    time: new Date(change.time).toISOString(),
    type: change.type,
    gap: change.gap,
    group: change.group,
    version: change.version,
    resource: change.resource,
    namespace: change.namespace,
    name: change.name,
    uid: change.uid,
    resourceVersion: change.resourceVersion,
    managers: change.managers,
    changes: change.changes,
  };
}

/** The `continue` token after the change `id` (opaque to clients). */
export function encodeContinue(id: number): string {
  return Buffer.from(JSON.stringify({ v: 1, before: id })).toString("base64url");
}

/** The id a `continue` token pages before; a 400 for anything Loupe did not issue. */
export function decodeContinue(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { v?: unknown; before?: unknown };
    if (parsed.v === 1 && Number.isSafeInteger(parsed.before) && (parsed.before as number) > 0) {
      return parsed.before as number;
    }
  } catch {
    // Falls through to the error below.
  }
  throw new ApiError(400, "LOUPE_BAD_CONTINUE", "The continue token is not one this history issued", {
    reason: "BadRequest",
  });
}

/** A Kubernetes object path of the history: `api/v1/[namespaces/<ns>/]<resource>/<name>` or `apis/<g>/<v>/...`. */
export interface HistoryObjectPath {
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/;

/**
 * Splits an object path. Unlike the k8s routes it does not ask the catalog: a deleted object's resource (its CRD
 * removed since) still has a history. A 404 for anything that is not one object's path.
 */
export function parseObjectPath(raw: string): HistoryObjectPath {
  const segments = raw.split("/");
  const bad = (why: string) =>
    new ApiError(404, "LOUPE_NOT_A_RESOURCE_PATH", `"${raw.slice(0, 300)}" ${why}`, { reason: "NotFound" });
  if (segments.some((s) => !SEGMENT.test(s))) throw bad("is not a Kubernetes object path");
  let group: string;
  let rest: string[];
  if (segments[0] === "api") {
    group = "";
    rest = segments.slice(1);
  } else if (segments[0] === "apis" && segments.length > 2) {
    group = segments[1] as string;
    rest = segments.slice(2);
  } else {
    throw bad("must start with api/v1/ or apis/<group>/<version>/");
  }
  const [version = "", ...tail] = rest;
  if (tail.length === 4 && tail[0] === "namespaces") {
    return { group, version, namespace: tail[1] as string, resource: tail[2] as string, name: tail[3] as string };
  }
  if (tail.length === 2) return { group, version, namespace: "", resource: tail[0] as string, name: tail[1] as string };
  throw bad("names no single object (…/[namespaces/<ns>/]<resource>/<name>)");
}
