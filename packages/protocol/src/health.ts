import { z } from "zod";

/**
 * An object's health verdict (DESIGN §12), after the kstatus conventions kpt and Flux use:
 * - `Current`: the controller has caught up with the latest spec and reports nothing wrong.
 * - `InProgress`: it is still working (a rollout, a certificate being issued, a generation not observed yet):
 *   transient, expected to settle.
 * - `Failed`: it reports an error it will not get past alone (Stalled, a deadline exceeded, a crash loop).
 * - `Terminating`: deletion was requested; finalizers still hold it.
 * - `Unknown`: nothing reliable to go by (a node that stopped reporting, a status of an unexpected shape).
 */
export const HealthVerdict = z.enum(["Current", "InProgress", "Failed", "Terminating", "Unknown"]);
export type HealthVerdict = z.infer<typeof HealthVerdict>;

/** Every verdict, best first (the order a sort by health uses). */
export const HEALTH_VERDICTS: readonly HealthVerdict[] = ["Current", "InProgress", "Terminating", "Unknown", "Failed"];

/** A verdict with what decided it. */
export const Health = z.object({
  verdict: HealthVerdict,
  /** A CamelCase reason, usually the deciding condition's (e.g. `ProgressDeadlineExceeded`, `Issuing`). */
  reason: z.string(),
  /** A sentence for people, e.g. the deciding condition's message. */
  message: z.string(),
  /** The rule that decided, e.g. `deployment`, `conditions` (the server's health/ rules). */
  rule: z.string(),
});
export type Health = z.infer<typeof Health>;

/** Whether a verdict counts as a problem (the "not healthy" filter, the Problems view). */
export function isUnhealthy(verdict: HealthVerdict): boolean {
  return verdict !== "Current";
}
