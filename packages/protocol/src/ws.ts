/**
 * The watch WebSocket (DESIGN §6): one socket per browser tab at `WATCH_PATH`, multiplexing many
 * subscriptions, each named by a client-chosen `id`. Messages are JSON text frames discriminated on `type`.
 *
 * Per subscription the server sends, in this order: `status` (syncing) until its first list is done, then a
 * `snapshot` (the whole current state), then `events` batches that patch it, with `status` changes in between.
 * A later `snapshot` for the same id replaces everything the client holds for it (after a reconnect, or when
 * the client read too slowly and its pending events were dropped). After `unsubscribe` the server sends nothing
 * more for that id.
 */
import { z } from "zod";
import { CustomColumns } from "./custom-columns.ts";
import { ProblemEventsMessage, ProblemKindsMessage, ProblemsSnapshotMessage } from "./problems.ts";
import { QueryMessage, QueryProgressMessage } from "./query.ts";
import { SubscriptionId } from "./subscription-id.ts";
import { KubeObject, TableColumn, TableRow } from "./table.ts";

export { SubscriptionId } from "./subscription-id.ts";

export { WATCH_MAX_MESSAGE_BYTES, WATCH_MAX_SUBSCRIPTIONS, WATCH_PATH, WatchErrorCode } from "./watch-constants.ts";

const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What a subscription watches. Names are checked here so they can never reshape the upstream URL. */
export const WatchTarget = z.object({
  /** A kubeconfig context, as `GET /api/v1/contexts` lists them. */
  context: z.string().min(1).max(253),
  /** API group; `""` is the core group (`/api/v1`). */
  group: z.union([z.literal(""), z.string().max(253).regex(dnsSubdomain, "not a DNS subdomain")]),
  version: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]+$/, "not an API version"),
  /** The resource's plural name, e.g. `crontabs`. */
  resource: z.string().max(253).regex(dnsSubdomain, "not a resource name"),
  /** Omitted or `""`: all namespaces (or a cluster-scoped resource). */
  namespace: z.union([z.literal(""), z.string().max(63).regex(dnsLabel, "not a namespace name")]).optional(),
  labelSelector: z.string().max(4096).optional(),
  fieldSelector: z.string().max(4096).optional(),
  /** Rows of the server-side Table format (`includeObject=Metadata`) instead of whole objects. */
  table: z.boolean().optional(),
  /**
   * Table mode only: columns computed by the server from a JSONPath over each whole object, appended to the API
   * server's columns and to every row's cells (see {@link CustomColumns}). Optional: a server or client without
   * them speaks the protocol as before.
   */
  columns: CustomColumns.optional(),
  /**
   * Table mode only: rows that only name their objects (`includeObject=None` upstream): each row's
   * `object.metadata` holds the name and the resourceVersion of the list or event that carried it, nothing else, and
   * custom columns are ignored. For following what exists and when it changes: 1,500 CRDs are 23 KB of names where
   * their metadata is 45 MB. Optional, as `columns`.
   */
  names: z.boolean().optional(),
});
export type WatchTarget = z.infer<typeof WatchTarget>;

export const SubscribeMessage = WatchTarget.extend({
  type: z.literal("subscribe"),
  id: SubscriptionId,
});
export type SubscribeMessage = z.infer<typeof SubscribeMessage>;

export const UnsubscribeMessage = z.object({
  type: z.literal("unsubscribe"),
  id: SubscriptionId,
});
export type UnsubscribeMessage = z.infer<typeof UnsubscribeMessage>;

/** Everything a client may send (`query`: a cross-kind query, see query.ts). */
export const ClientMessage = z.discriminatedUnion("type", [SubscribeMessage, UnsubscribeMessage, QueryMessage]);
export type ClientMessage = z.infer<typeof ClientMessage>;
export const CLIENT_MESSAGE_TYPES: readonly ClientMessage["type"][] = ["subscribe", "unsubscribe", "query"];

/**
 * How a change applies: ADDED and MODIFIED carry the object's latest state (apply both as "upsert by
 * namespace/name"), DELETED its last state. Events for one object arrive in order; pending events of one object
 * may be coalesced into the latest.
 */
export const WatchEventType = z.enum(["ADDED", "MODIFIED", "DELETED"]);
export type WatchEventType = z.infer<typeof WatchEventType>;

/** A change of a subscription in object mode: the whole object (metadata names it: namespace, name, uid, rv). */
export const ObjectWatchEvent = z.object({ type: WatchEventType, object: KubeObject });
export type ObjectWatchEvent = z.infer<typeof ObjectWatchEvent>;

/** A change of a subscription in table mode: the object's row, whose `object.metadata` names it. */
export const RowWatchEvent = z.object({ type: WatchEventType, row: TableRow });
export type RowWatchEvent = z.infer<typeof RowWatchEvent>;

export const WatchEvent = z.union([ObjectWatchEvent, RowWatchEvent]);
export type WatchEvent = z.infer<typeof WatchEvent>;

/** The whole state of an object-mode subscription. `resourceVersion` is opaque: compare only for equality. */
export const ObjectSnapshotMessage = z.object({
  type: z.literal("snapshot"),
  id: SubscriptionId,
  resourceVersion: z.string(),
  items: z.array(KubeObject),
});
export type ObjectSnapshotMessage = z.infer<typeof ObjectSnapshotMessage>;

/** The whole state of a table-mode subscription, with the columns the API server chose. */
export const TableSnapshotMessage = z.object({
  type: z.literal("snapshot"),
  id: SubscriptionId,
  resourceVersion: z.string(),
  columns: z.array(TableColumn),
  rows: z.array(TableRow),
});
export type TableSnapshotMessage = z.infer<typeof TableSnapshotMessage>;

export const SnapshotMessage = z.union([TableSnapshotMessage, ObjectSnapshotMessage]);
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;

/** Changes since the snapshot (or the previous batch), in order; one message per subscription per tick. */
export const EventsMessage = z.object({
  type: z.literal("events"),
  id: SubscriptionId,
  events: z.array(WatchEvent),
});
export type EventsMessage = z.infer<typeof EventsMessage>;

/**
 * - `syncing`: listing (first time, or again after the API server said the resourceVersion expired); what the
 *   client holds may be stale until the next snapshot or events.
 * - `live`: watching; the client's state follows the API server's.
 * - `reconnecting`: the upstream watch dropped; retrying with backoff (the message says why). Also sent by the
 *   browser client itself while its socket is down.
 * - `error`: the API server refuses the list (forbidden, no such resource, unreachable); retrying with backoff.
 */
export const WatchState = z.enum(["syncing", "live", "reconnecting", "error"]);
export type WatchState = z.infer<typeof WatchState>;

export const StatusMessage = z.object({
  type: z.literal("status"),
  id: SubscriptionId,
  state: WatchState,
  message: z.string().optional(),
});
export type StatusMessage = z.infer<typeof StatusMessage>;

/**
 * Something went wrong with a message or a subscription. With an `id`, that subscription did not start (or
 * ended); without, an inbound message was refused. The socket stays open either way.
 */
export const ErrorMessage = z.object({
  type: z.literal("error"),
  id: SubscriptionId.optional(),
  /** A {@link WatchErrorCode}, or the REST error code of an upstream failure (e.g. `LOUPE_CONTEXT_NOT_FOUND`). */
  code: z.string(),
  message: z.string(),
});
export type ErrorMessage = z.infer<typeof ErrorMessage>;

/** Everything the server may send (the `problem*` messages answer a `query` of kind `problems`, see problems.ts). */
export const ServerMessage = z.union([
  SnapshotMessage,
  EventsMessage,
  StatusMessage,
  ErrorMessage,
  QueryProgressMessage,
  ProblemsSnapshotMessage,
  ProblemEventsMessage,
  ProblemKindsMessage,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
