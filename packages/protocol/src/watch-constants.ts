/**
 * The watch socket's plain values, without zod: what a browser needs at run time (its bundle imports
 * `@loupe/protocol/constants`, not the schemas, so zod and the schemas it builds at load stay out of the page).
 */

/** Where the watch WebSocket is served (DESIGN §6). */
export const WATCH_PATH = "/api/v1/watch";

/** Inbound frames larger than this (in bytes) are refused with an `error`; the socket stays open. */
export const WATCH_MAX_MESSAGE_BYTES = 16 * 1024;

/** Subscriptions one socket may hold at once. */
export const WATCH_MAX_SUBSCRIPTIONS = 100;

/** Codes of `error` messages about the client's own messages. */
export const WatchErrorCode = {
  /** Not JSON, a binary frame, or a known type with invalid fields (the message names them). */
  BadMessage: "LOUPE_WS_BAD_MESSAGE",
  /** Larger than {@link WATCH_MAX_MESSAGE_BYTES}. */
  MessageTooLarge: "LOUPE_WS_MESSAGE_TOO_LARGE",
  UnknownType: "LOUPE_WS_UNKNOWN_TYPE",
  /** `subscribe` with an id that is already subscribed on this socket. */
  DuplicateId: "LOUPE_WS_DUPLICATE_ID",
  TooManySubscriptions: "LOUPE_WS_TOO_MANY_SUBSCRIPTIONS",
} as const;
export type WatchErrorCode = (typeof WatchErrorCode)[keyof typeof WatchErrorCode];

export { QUERY_LIMITS } from "./query-limits.ts";

/** The `format` of a custom column's TableColumn in a snapshot's `columns` (its `description` is the JSONPath). */
export const CUSTOM_COLUMN_FORMAT = "loupe-jsonpath";
