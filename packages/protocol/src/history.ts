/**
 * The recorded history of a context (DESIGN §11): `GET /api/v1/contexts/:context/history` lists recorded changes
 * newest first; `GET /api/v1/contexts/:context/history/<kubernetes object path>?at=<RFC 3339>` rebuilds one object
 * as it was at a moment.
 */
import { z } from "zod";

const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const name = z.string().min(1).max(253).regex(dnsSubdomain, "not a Kubernetes name");
const rfc3339 = z.iso.datetime({ offset: true, message: "not an RFC 3339 time (e.g. 2026-11-25T10:00:00Z)" });

/** The change types of a watch, as recorded. */
export const HistoryChangeType = z.enum(["ADDED", "MODIFIED", "DELETED"]);
export type HistoryChangeType = z.infer<typeof HistoryChangeType>;

/** One field that changed: `path` is a JSON Pointer (RFC 6901); `before`/`after` absent when the field was absent. */
export const HistoryFieldChange = z.object({
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type HistoryFieldChange = z.infer<typeof HistoryFieldChange>;

/** A field manager that made (part of) a change, from the object's `managedFields`. */
export const HistoryManager = z.object({
  manager: z.string(),
  /** `Apply` or `Update`. */
  operation: z.string(),
  /** When the manager last changed its fields (RFC 3339), as the API server recorded it. */
  time: z.string().optional(),
  subresource: z.string().optional(),
});
export type HistoryManager = z.infer<typeof HistoryManager>;

/** One recorded change of one object. */
export const HistoryChange = z.object({
  /** Opaque, unique within the history store. */
  id: z.string(),
  /** When Loupe saw it (RFC 3339 with milliseconds). */
  time: z.string(),
  type: HistoryChangeType,
  /**
   * Seen after a gap: found by comparing a fresh list with the last recorded state (Loupe was down, or its watch
   * expired), so its time is when Loupe noticed it, not when it happened, and intermediate states are unknown.
   */
  gap: z.boolean(),
  group: z.string(),
  version: z.string(),
  resource: z.string(),
  /** "" for cluster-scoped objects. */
  namespace: z.string(),
  name: z.string(),
  uid: z.string(),
  resourceVersion: z.string(),
  managers: z.array(HistoryManager),
  /** Field-level changes against the previous recorded state (empty for ADDED and DELETED). */
  changes: z.array(HistoryFieldChange),
});
export type HistoryChange = z.infer<typeof HistoryChange>;

/** `GET /api/v1/contexts/:context/history`. */
export const HistoryPage = z.object({
  items: z.array(HistoryChange),
  /** Pass as `continue` for the next (older) page; absent on the last. */
  continue: z.string().optional(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

/** `GET /api/v1/contexts/:context/history/<object path>?at=`. */
export const HistoryObject = z.object({
  /** The recorded change that left the object in this state (the last one at or before `at`). */
  change: HistoryChange,
  /** True when the object had been deleted by then: `object` is its last state. */
  deleted: z.boolean(),
  /** The object as it was (Secret values replaced by hashes; `managedFields` not recorded). */
  object: z.record(z.string(), z.unknown()),
});
export type HistoryObject = z.infer<typeof HistoryObject>;

/** Largest page of `GET .../history`. */
export const HISTORY_MAX_LIMIT = 500;

/** Query of `GET /api/v1/contexts/:context/history`; every field optional, unknown ones refused. */
export const HistoryQuery = z
  .object({
    group: z.union([z.literal(""), name]).optional(),
    version: z
      .string()
      .max(63)
      .regex(/^[a-z0-9]+$/, "not an API version")
      .optional(),
    resource: name.optional(),
    namespace: z.union([z.literal(""), name]).optional(),
    name: name.optional(),
    uid: z.string().min(1).max(128).optional(),
    since: rfc3339.optional(),
    until: rfc3339.optional(),
    type: HistoryChangeType.optional(),
    manager: z.string().min(1).max(128).optional(),
    limit: z.coerce.number().int().min(1).max(HISTORY_MAX_LIMIT).optional(),
    continue: z.string().min(1).max(256).optional(),
  })
  .strict();
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** Query of `GET .../history/<object path>`: `at` absent means now (a deleted object's last state). */
export const HistoryAtQuery = z.object({ at: rfc3339.optional() }).strict();
