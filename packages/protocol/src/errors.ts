import { z } from "zod";

/** A field-level cause from a Kubernetes `Status` (`details.causes[]`), kept as the API server sent it. */
export const StatusCause = z.object({
  reason: z.string().optional(),
  message: z.string().optional(),
  /** The field path, e.g. `spec.replicas`. */
  field: z.string().optional(),
});
export type StatusCause = z.infer<typeof StatusCause>;

/**
 * The one error body every Loupe route answers with. `statusCode`/`code`/`error`/`message` follow Fastify's
 * conventions; `reason`, `details` and `causes` carry a Kubernetes Status through unchanged when the error came
 * from the API server.
 */
export const ApiErrorBody = z.object({
  statusCode: z.number().int(),
  /** Stable, machine-readable code, e.g. `LOUPE_UPSTREAM_UNAVAILABLE` or `K8S_CONFLICT`. */
  code: z.string(),
  /** The HTTP reason phrase. */
  error: z.string(),
  message: z.string(),
  /** Kubernetes `Status.reason` (e.g. `NotFound`, `Conflict`, `Invalid`, `Forbidden`). */
  reason: z.string().optional(),
  details: z
    .object({
      name: z.string().optional(),
      group: z.string().optional(),
      kind: z.string().optional(),
      causes: z.array(StatusCause).optional(),
    })
    .optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
