import { z } from "zod";

/** Custom columns one subscription may ask for. */
export const MAX_CUSTOM_COLUMNS = 12;
/** Longest JSONPath of a custom column, in characters (the jsonpath package's MAX_TEMPLATE_LENGTH). */
export const MAX_CUSTOM_COLUMN_PATH = 1024;

/**
 * A column the user defined: its header and a kubectl JSONPath template (`{.spec.replicas}`,
 * `{.status.conditions[?(@.type=="Ready")].status}`, or the bare `.spec.replicas` of `kubectl -o custom-columns`).
 * The server evaluates it over each object its reflector holds and appends the text to the row's `cells`, after
 * the API server's own cells; nothing selected is `""`, never an error. The template's syntax is checked when
 * the subscription starts (a bad one is an `error` naming the column).
 */
export const CustomColumn = z.object({
  name: z.string().trim().min(1).max(63),
  jsonPath: z.string().trim().min(1).max(MAX_CUSTOM_COLUMN_PATH),
});
export type CustomColumn = z.infer<typeof CustomColumn>;

export const CustomColumns = z.array(CustomColumn).max(MAX_CUSTOM_COLUMNS);

export { CUSTOM_COLUMN_FORMAT } from "./watch-constants.ts";
