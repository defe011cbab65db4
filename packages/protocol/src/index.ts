/**
 * Loupe's wire contract: the REST response shapes and WebSocket messages shared by apps/server and apps/web.
 * Types are inferred from zod schemas so each message has one definition that both sides validate against.
 * Bump PROTOCOL_VERSION on any change a peer of the previous version could misread.
 */
export const PROTOCOL_VERSION = 1;

export * from "./catalog.ts";
export * from "./cel.ts";
export * from "./crds.ts";
export * from "./custom-columns.ts";
export * from "./errors.ts";
export * from "./health.ts";
export * from "./history.ts";
export * from "./query.ts";
export * from "./relations.ts";
export * from "./rest.ts";
export * from "./schema.ts";
export * from "./table.ts";
export * from "./ws.ts";
