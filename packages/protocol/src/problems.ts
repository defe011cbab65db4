/**
 * The Problems view over the watch socket (DESIGN §12): a subscription whose key is a query, not a resource. The
 * client sends `query` (query.ts) with `query.kind: "problems"`; the server answers on the same `id` with `status`
 * (as §6: syncing, then live once every kind was listed), one `problems` snapshot, then `problem-events` and
 * `problem-kinds` updates. `unsubscribe {id}` ends it.
 */
import { z } from "zod";
import { Health, HealthVerdict } from "./health.ts";
import { SubscriptionId } from "./subscription-id.ts";
import { KubeObject } from "./table.ts";

const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Rows a Problems subscription sends at most (counts stay exact past it). */
export const PROBLEMS_MAX_ROWS = 10_000;

/** Every object not healthy, across custom resources and the built-in workload kinds, optionally narrowed. */
export const ProblemsQuery = z.object({
  kind: z.literal("problems"),
  /** One namespace (cluster-scoped kinds are then left out); omitted: all. */
  namespace: z.string().max(63).regex(dnsLabel, "not a namespace name").optional(),
  /** Only kinds of this API group (`""` is the core group). */
  group: z.union([z.literal(""), z.string().max(253).regex(dnsSubdomain, "not a DNS subdomain")]).optional(),
  /** Only kinds in this category (as `kubectl get <category>`: e.g. `all`, `crossplane`, `managed`). */
  category: z.string().max(63).regex(dnsLabel, "not a category name").optional(),
  /** Only these verdicts (default: every verdict but Current). */
  verdicts: z
    .array(HealthVerdict.exclude(["Current"]))
    .min(1)
    .max(4)
    .optional(),
  /** Rows to send at most (default and maximum {@link PROBLEMS_MAX_ROWS}). */
  limit: z.number().int().min(1).max(PROBLEMS_MAX_ROWS).optional(),
});
export type ProblemsQuery = z.infer<typeof ProblemsQuery>;

/** A kind the view covers, with its state and counts. */
export const ProblemKind = z.object({
  /** `group/version/resource`, the `kind` of each {@link ProblemRow}. */
  id: z.string(),
  group: z.string(),
  version: z.string(),
  resource: z.string(),
  kind: z.string(),
  namespaced: z.boolean(),
  custom: z.boolean(),
  categories: z.array(z.string()),
  /** As a WatchState, plus `forbidden`: the user may not list this kind (it is left out, not an error). */
  state: z.enum(["syncing", "live", "reconnecting", "error", "forbidden"]),
  message: z.string().optional(),
  /** Objects of this kind held. */
  objects: z.number().int(),
  /** Of them, matching the query's verdicts. */
  problems: z.number().int(),
});
export type ProblemKind = z.infer<typeof ProblemKind>;

/** One object that is not healthy: its kind's id, the slim object (metadata + status) and its verdict. */
export const ProblemRow = z.object({
  kind: z.string(),
  object: KubeObject,
  health: Health,
});
export type ProblemRow = z.infer<typeof ProblemRow>;

/** The whole state of a Problems subscription; replaces whatever the client holds for the id. */
export const ProblemsSnapshotMessage = z.object({
  type: z.literal("problems"),
  id: SubscriptionId,
  kinds: z.array(ProblemKind),
  rows: z.array(ProblemRow),
  /** Problems matching in all (rows stop at the limit; this does not). */
  total: z.number().int(),
});
export type ProblemsSnapshotMessage = z.infer<typeof ProblemsSnapshotMessage>;

/**
 * Changes of the rows since the snapshot, in order: ADDED (an object became a problem), MODIFIED (still one, its
 * verdict or reason changed), DELETED (it recovered, was deleted, or its kind left the view).
 */
export const ProblemEventsMessage = z.object({
  type: z.literal("problem-events"),
  id: SubscriptionId,
  events: z.array(z.object({ type: z.enum(["ADDED", "MODIFIED", "DELETED"]), row: ProblemRow })),
  total: z.number().int(),
});
export type ProblemEventsMessage = z.infer<typeof ProblemEventsMessage>;

/** Kinds whose state or counts changed (or that joined the view); `removed`: ids of kinds that left it. */
export const ProblemKindsMessage = z.object({
  type: z.literal("problem-kinds"),
  id: SubscriptionId,
  kinds: z.array(ProblemKind),
  removed: z.array(z.string()),
  total: z.number().int(),
});
export type ProblemKindsMessage = z.infer<typeof ProblemKindsMessage>;
