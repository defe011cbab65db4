import { z } from "zod";

/** One kubeconfig context as `GET /api/v1/contexts` lists it. */
export const ContextInfo = z.object({
  name: z.string(),
  cluster: z.string(),
  user: z.string(),
  /** The context's namespace, or "default" when the kubeconfig names none. */
  namespace: z.string(),
  /** True for the kubeconfig's current-context (the one Loupe opens first). */
  current: z.boolean(),
  /** The API server's URL, for display. */
  server: z.string(),
});
export type ContextInfo = z.infer<typeof ContextInfo>;

export const ContextList = z.object({
  contexts: z.array(ContextInfo),
  /** The context the UI should open first. */
  current: z.string().nullable(),
});
export type ContextList = z.infer<typeof ContextList>;

/** `GET /api/v1/contexts/:context/version`: the API server's `/version` document, as the server sends it. */
export const ServerVersion = z.object({
  major: z.string(),
  minor: z.string(),
  gitVersion: z.string(),
  gitCommit: z.string().optional(),
  buildDate: z.string().optional(),
  goVersion: z.string().optional(),
  platform: z.string().optional(),
});
export type ServerVersion = z.infer<typeof ServerVersion>;

/** `/healthz` and `/readyz` bodies. */
export const HealthReport = z.object({
  status: z.enum(["ok", "unavailable"]),
  /** Per-context reachability, only on `/readyz`. */
  checks: z.record(z.string(), z.object({ ok: z.boolean(), message: z.string().optional() })).optional(),
});
export type HealthReport = z.infer<typeof HealthReport>;
