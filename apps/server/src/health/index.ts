/**
 * One health function for every object of every kind (DESIGN §12): {@link computeHealth}. Pure: the verdict
 * depends on the object, its kind and the time given, nothing else, so the reflector can attach it to rows and
 * tables, the object page and the Problems view agree.
 *
 * Rules run in order, the first to decide wins, after kstatus (sigs.k8s.io/cli-utils pkg/kstatus):
 * 1. `deletion` (Terminating), `generation` (observedGeneration behind generation), `kstatus-conditions`
 *    (Stalled / Reconciling);
 * 2. the kind's own rule, looked up in {@link RULES} by `group/Kind`;
 * 3. `conditions`, the generic rule, for everything else.
 */
import type { Health } from "@loupe/protocol";
import { argoApplicationRule } from "./argocd.ts";
import { conditionsRule } from "./conditions.ts";
import { crdRule, nodeRule, persistentVolumeRule, podRule, pvcRule, serviceRule } from "./core.ts";
import { deletionRule, generationRule, kstatusConditionsRule } from "./generic.ts";
import type { HealthInput, KindRef, Rule } from "./verdicts.ts";
import { unknown } from "./verdicts.ts";
import { daemonSetRule, deploymentRule, jobRule, replicaSetRule, statefulSetRule } from "./workloads.ts";

export type { KindRef } from "./verdicts.ts";

/** The kinds with rules of their own, by `group/Kind` (`Kind` alone for the core group). */
export const RULES: ReadonlyMap<string, Rule> = new Map([
  ["apps/Deployment", deploymentRule],
  ["apps/StatefulSet", statefulSetRule],
  ["apps/DaemonSet", daemonSetRule],
  ["apps/ReplicaSet", replicaSetRule],
  ["batch/Job", jobRule],
  ["Pod", podRule],
  ["PersistentVolumeClaim", pvcRule],
  ["PersistentVolume", persistentVolumeRule],
  ["Service", serviceRule],
  ["Node", nodeRule],
  ["apiextensions.k8s.io/CustomResourceDefinition", crdRule],
  ["argoproj.io/Application", argoApplicationRule],
]);

const FIRST: readonly Rule[] = [deletionRule, generationRule, kstatusConditionsRule];

/** `group/Kind`, the key of {@link RULES}. */
export function ruleKey(kind: KindRef): string {
  return kind.group ? `${kind.group}/${kind.kind}` : kind.kind;
}

/**
 * The health of `object`, a Kubernetes object of `kind` as the API server returned it (metadata and status are
 * read; spec where a kind's rule needs it). Never throws: a status of an unexpected shape is Unknown.
 * `now` (ms since the epoch, default the clock) is for rules with a grace period (an unschedulable pod).
 */
export function computeHealth(object: unknown, kind: KindRef, now: number = Date.now()): Health {
  const input: HealthInput = { object, kind, now };
  try {
    for (const rule of FIRST) {
      const decided = rule(input);
      if (decided) return decided;
    }
    return (RULES.get(ruleKey(kind)) ?? conditionsRule)(input) ?? conditionsRule(input) ?? fallback();
  } catch (error) {
    return unknown("error", "RuleError", `the health rule failed: ${(error as Error).message}`);
  }
}

function fallback(): Health {
  return unknown("none", "NoRule", "no rule decided");
}
