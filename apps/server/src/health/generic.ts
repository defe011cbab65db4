import { conditionsAt, find, hasInt, int, str } from "./fields.ts";
import { failed, type HealthInput, inProgress, type Rule, verdict } from "./verdicts.ts";

/**
 * `deletion`: deletion was requested (metadata.deletionTimestamp): Terminating whatever the status says; the
 * message names the finalizers that still hold the object.
 */
export const deletionRule: Rule = ({ object }) => {
  const since = str(object, ["metadata", "deletionTimestamp"]);
  if (!since) return undefined;
  const finalizers = (object as { metadata?: { finalizers?: unknown } }).metadata?.finalizers;
  const names = Array.isArray(finalizers) ? finalizers.filter((f): f is string => typeof f === "string") : [];
  const waiting = names.length > 0 ? `; waiting for finalizers: ${names.join(", ")}` : "";
  return verdict("Terminating", "deletion", "Deleting", `deletion requested at ${since}${waiting}`);
};

/**
 * `generation`: the controller has not observed the latest spec yet (status.observedGeneration behind
 * metadata.generation): whatever else the status says is about an older spec, so InProgress. Objects without
 * either field pass (kstatus does the same: nothing to compare).
 */
export const generationRule: Rule = ({ object, kind }) => {
  if (!hasInt(object, ["metadata", "generation"]) || !hasInt(object, ["status", "observedGeneration"]))
    return undefined;
  const generation = int(object, ["metadata", "generation"], 0);
  const observed = int(object, ["status", "observedGeneration"], 0);
  if (observed >= generation) return undefined;
  return inProgress(
    "generation",
    "LatestGenerationNotObserved",
    `${kind.kind} generation is ${generation}, but the latest observed generation is ${observed}`,
  );
};

/**
 * `kstatus-conditions`: the two abnormal-true conditions kstatus defines decide before any kind's own rule:
 * Stalled=True is Failed (the controller gave up), Reconciling=True is InProgress.
 */
export const kstatusConditionsRule: Rule = ({ object }: HealthInput) => {
  const conditions = conditionsAt(object);
  if (!conditions) return undefined;
  const stalled = find(conditions, "Stalled");
  if (stalled?.status === "True") {
    return failed("kstatus-conditions", stalled.reason || "Stalled", stalled.message || "the controller is stalled");
  }
  const reconciling = find(conditions, "Reconciling");
  if (reconciling?.status === "True") {
    return inProgress(
      "kstatus-conditions",
      reconciling.reason || "Reconciling",
      reconciling.message || "the controller is reconciling",
    );
  }
  return undefined;
};
