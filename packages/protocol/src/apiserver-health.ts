import { z } from "zod";

/** `GET /api/v1/contexts/:context/apiserver-health`: the API server's own `/readyz?verbose`, parsed. */
export const ApiServerHealth = z.object({
  /** Every check passed (HTTP 200). */
  ok: z.boolean(),
  /** The HTTP status `/readyz` answered (0: no answer). */
  status: z.number().int(),
  /** Each check the API server listed (`[+]etcd ok` → `{name: "etcd", ok: true}`). */
  checks: z.array(z.object({ name: z.string(), ok: z.boolean() })),
  /** Why it is not ok, when it says (or the network error). */
  message: z.string().optional(),
  /** How long `/readyz` took, in ms. */
  latencyMs: z.number(),
});
export type ApiServerHealth = z.infer<typeof ApiServerHealth>;
