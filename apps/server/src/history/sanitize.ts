import { createHash } from "node:crypto";
import type { HistoryManager } from "@loupe/protocol";
import type { RecordedObject } from "./types.ts";

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  time?: string;
  subresource?: string;
}

/**
 * The object as the history keeps it: without `metadata.managedFields` (the managers are recorded per change),
 * and, for a core/v1 Secret, every value of `data` and `stringData` replaced by `sha256:<hex>` of its bytes, so a
 * changed value shows as changed without ever being stored. Never modifies `object`.
 */
export function sanitize(object: Record<string, unknown>, group: string, resource: string): RecordedObject {
  const metadata = object.metadata as Record<string, unknown> | undefined;
  const copy: RecordedObject = { ...object };
  if (metadata && "managedFields" in metadata) {
    const { managedFields: _dropped, ...rest } = metadata;
    copy.metadata = rest;
  }
  if (group === "" && resource === "secrets") {
    for (const field of ["data", "stringData"] as const) {
      const values = object[field];
      if (values && typeof values === "object") {
        copy[field] = Object.fromEntries(
          Object.entries(values as Record<string, unknown>).map(([key, value]) => [key, hashValue(field, value)]),
        );
      }
    }
  }
  return copy;
}

function hashValue(field: "data" | "stringData", value: unknown): string {
  const bytes = field === "data" ? Buffer.from(String(value), "base64") : Buffer.from(String(value), "utf8");
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/**
 * Who made the change from `before` to `after`, read from `managedFields`: the entries (manager, operation,
 * subresource) that are new or whose time moved. When none moved (the API server does not touch managedFields for
 * every write) the entry with the latest time. For a new object every entry; for a deleted one none (Kubernetes
 * does not record who deletes).
 */
export function changeManagers(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): HistoryManager[] {
  const now = entries(after);
  if (!after || now.length === 0) return [];
  if (!before) return now.map(toManager);
  const previous = new Map(entries(before).map((e) => [entryKey(e), e.time]));
  const moved = now.filter((e) => previous.get(entryKey(e)) !== e.time);
  if (moved.length > 0) return moved.map(toManager);
  const latest = [...now].sort((a, b) => (b.time ?? "").localeCompare(a.time ?? ""))[0];
  return latest ? [toManager(latest)] : [];
}

function entries(object: Record<string, unknown> | undefined): ManagedFieldsEntry[] {
  const metadata = object?.metadata as { managedFields?: unknown } | undefined;
  return Array.isArray(metadata?.managedFields) ? (metadata.managedFields as ManagedFieldsEntry[]) : [];
}

function entryKey(entry: ManagedFieldsEntry): string {
  return `${entry.manager ?? ""}\u0000${entry.operation ?? ""}\u0000${entry.subresource ?? ""}`;
}

function toManager(entry: ManagedFieldsEntry): HistoryManager {
  return {
    manager: entry.manager ?? "",
    operation: entry.operation ?? "",
    ...(entry.time ? { time: entry.time } : {}),
    ...(entry.subresource ? { subresource: entry.subresource } : {}),
  };
}
