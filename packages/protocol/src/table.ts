import { z } from "zod";
import { Health } from "./health.ts";

/** Object metadata as a Table row carries it (`includeObject=Metadata` gives a PartialObjectMetadata). */
export const ObjectMeta = z
  .object({
    name: z.string(),
    namespace: z.string().optional(),
    uid: z.string().optional(),
    resourceVersion: z.string().optional(),
    creationTimestamp: z.string().optional(),
    deletionTimestamp: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .loose();
export type ObjectMeta = z.infer<typeof ObjectMeta>;

/** A Kubernetes object as unstructured JSON. */
export const KubeObject = z
  .object({
    apiVersion: z.string().optional(),
    kind: z.string().optional(),
    metadata: ObjectMeta,
  })
  .loose();
export type KubeObject = z.infer<typeof KubeObject>;

/** A column of the server-side Table format (`meta.k8s.io/v1` TableColumnDefinition). */
export const TableColumn = z.object({
  name: z.string(),
  /** OpenAPI type: string, integer, number, boolean, date. */
  type: z.string(),
  format: z.string(),
  description: z.string(),
  /** 0 shows by default; higher only in the "wide" view. */
  priority: z.number().int(),
});
export type TableColumn = z.infer<typeof TableColumn>;

export const TableRow = z.object({
  cells: z.array(z.unknown()),
  /** The object (or its metadata only, by `includeObject`). */
  object: KubeObject,
  conditions: z.array(z.object({ type: z.string(), status: z.string() }).loose()).optional(),
  /**
   * Loupe's health verdict of the object (DESIGN §12), computed by the server from the whole object before the row
   * was cut to metadata and status. On rows of watch subscriptions; absent from REST lists and for kinds whose
   * status Loupe does not read (CustomResourceDefinitions).
   */
  health: Health.optional(),
});
export type TableRow = z.infer<typeof TableRow>;

/**
 * A list answered in the server-side Table format, passed through as the API server made it: the columns of a
 * CRD's additionalPrinterColumns, or kubectl's columns for built-ins.
 */
export const Table = z.object({
  kind: z.literal("Table"),
  apiVersion: z.string(),
  metadata: z
    .object({
      resourceVersion: z.string().optional(),
      continue: z.string().optional(),
      remainingItemCount: z.number().optional(),
    })
    .loose(),
  columnDefinitions: z.array(TableColumn),
  rows: z.array(TableRow),
});
export type Table = z.infer<typeof Table>;
