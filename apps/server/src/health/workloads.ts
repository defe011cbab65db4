import { conditionsAt, find, hasInt, int, str } from "./fields.ts";
import { current, failed, inProgress, type Rule } from "./verdicts.ts";

/**
 * `deployment`: the progress deadline exceeded (Progressing=False, ProgressDeadlineExceeded) is Failed; a
 * ReplicaFailure (quota, admission) is Failed; too few replicas created, updated, available or ready is
 * InProgress — a rollout within its deadline; surplus replicas still terminating is InProgress; scaled to 0 or
 * everything available is Current. A paused Deployment is Current: nothing is expected to change.
 */
export const deploymentRule: Rule = ({ object }) => {
  const rule = "deployment";
  const conditions = conditionsAt(object) ?? [];
  const progressing = find(conditions, "Progressing");
  if (progressing?.reason === "ProgressDeadlineExceeded") {
    return failed(
      rule,
      "ProgressDeadlineExceeded",
      progressing.message || "the rollout exceeded its progress deadline",
    );
  }
  const replicaFailure = find(conditions, "ReplicaFailure");
  if (replicaFailure?.status === "True") {
    return failed(
      rule,
      replicaFailure.reason || "ReplicaFailure",
      replicaFailure.message || "replicas cannot be created",
    );
  }
  if (object && (object as { spec?: { paused?: unknown } }).spec?.paused === true) {
    return current(rule, "Paused", "the Deployment is paused");
  }
  const spec = int(object, ["spec", "replicas"], 1);
  const replicas = int(object, ["status", "replicas"], 0);
  const updated = int(object, ["status", "updatedReplicas"], 0);
  const ready = int(object, ["status", "readyReplicas"], 0);
  const available = int(object, ["status", "availableReplicas"], 0);
  const why = progressing?.message ? ` (${progressing.message})` : "";
  if (spec > replicas) return inProgress(rule, "LessReplicas", `replicas: ${replicas}/${spec}${why}`);
  if (spec > updated) return inProgress(rule, "LessUpdated", `updated: ${updated}/${spec}${why}`);
  if (replicas > spec) return inProgress(rule, "ExtraPods", `pending termination: ${replicas - spec}`);
  if (updated > available) return inProgress(rule, "LessAvailable", `available: ${available}/${updated}${why}`);
  if (spec > ready) return inProgress(rule, "LessReady", `ready: ${ready}/${spec}${why}`);
  const availableCondition = find(conditions, "Available");
  if (spec > 0 && availableCondition && availableCondition.status !== "True") {
    return inProgress(
      rule,
      availableCondition.reason || "DeploymentNotAvailable",
      availableCondition.message || "the Deployment is not Available",
    );
  }
  return current(rule, "Available", `the Deployment is available: ${available}/${spec} replicas`);
};

/**
 * `statefulset`: StatefulSets set no conditions, so only counts speak: too few replicas, ready or current, or an
 * update revision not rolled out, is InProgress; a partitioned rollout is Current once the pods above the partition
 * are updated; the OnDelete strategy is Current (the user rolls the pods).
 */
export const statefulSetRule: Rule = ({ object }) => {
  const rule = "statefulset";
  if (str(object, ["spec", "updateStrategy", "type"]) === "OnDelete") {
    return current(rule, "OnDelete", "the StatefulSet uses the OnDelete update strategy");
  }
  const spec = int(object, ["spec", "replicas"], 1);
  const replicas = int(object, ["status", "replicas"], 0);
  const ready = int(object, ["status", "readyReplicas"], 0);
  const currentReplicas = int(object, ["status", "currentReplicas"], 0);
  const updated = int(object, ["status", "updatedReplicas"], 0);
  if (spec > replicas) return inProgress(rule, "LessReplicas", `replicas: ${replicas}/${spec}`);
  if (spec > ready) return inProgress(rule, "LessReady", `ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress(rule, "ExtraPods", `pending termination: ${replicas - spec}`);
  if (hasInt(object, ["spec", "updateStrategy", "rollingUpdate", "partition"])) {
    const partition = int(object, ["spec", "updateStrategy", "rollingUpdate", "partition"], 0);
    const expected = Math.max(0, spec - partition);
    if (updated < expected) return inProgress(rule, "PartitionRollout", `updated: ${updated}/${expected}`);
    return current(rule, "PartitionRolledOut", `partitioned rollout complete: ${updated} updated`);
  }
  if (spec > currentReplicas) return inProgress(rule, "LessCurrent", `current: ${currentReplicas}/${spec}`);
  if (str(object, ["status", "currentRevision"]) !== str(object, ["status", "updateRevision"])) {
    return inProgress(rule, "RevisionMismatch", "waiting for the update revision to become the current one");
  }
  return current(rule, "Ready", `all replicas ready: ${ready}/${spec}`);
};

/**
 * `daemonset`: a DaemonSet the controller has not observed yet (no observedGeneration) is InProgress; fewer pods
 * scheduled, updated, available or ready than desired is InProgress; all there is Current.
 */
export const daemonSetRule: Rule = ({ object }) => {
  const rule = "daemonset";
  if (!hasInt(object, ["status", "observedGeneration"]) || !hasInt(object, ["status", "desiredNumberScheduled"])) {
    return inProgress(rule, "NotObserved", "the DaemonSet controller has not reported on it yet");
  }
  const desired = int(object, ["status", "desiredNumberScheduled"], 0);
  const scheduled = int(object, ["status", "currentNumberScheduled"], 0);
  const updated = int(object, ["status", "updatedNumberScheduled"], 0);
  const available = int(object, ["status", "numberAvailable"], 0);
  const ready = int(object, ["status", "numberReady"], 0);
  if (desired > scheduled) return inProgress(rule, "LessCurrent", `scheduled: ${scheduled}/${desired}`);
  if (desired > updated) return inProgress(rule, "LessUpdated", `updated: ${updated}/${desired}`);
  if (desired > available) return inProgress(rule, "LessAvailable", `available: ${available}/${desired}`);
  if (desired > ready) return inProgress(rule, "LessReady", `ready: ${ready}/${desired}`);
  return current(rule, "Ready", `all ${desired} pods scheduled and ready`);
};

/**
 * `replicaset`: ReplicaFailure=True (quota, admission) is Failed; too few labelled, available or ready replicas is
 * InProgress; surplus still terminating is InProgress.
 */
export const replicaSetRule: Rule = ({ object }) => {
  const rule = "replicaset";
  const failure = find(conditionsAt(object) ?? [], "ReplicaFailure");
  if (failure?.status === "True") {
    return failed(rule, failure.reason || "ReplicaFailure", failure.message || "replicas cannot be created");
  }
  const spec = int(object, ["spec", "replicas"], 1);
  const replicas = int(object, ["status", "replicas"], 0);
  const available = int(object, ["status", "availableReplicas"], 0);
  const ready = int(object, ["status", "readyReplicas"], 0);
  if (spec > replicas) return inProgress(rule, "LessReplicas", `replicas: ${replicas}/${spec}`);
  if (spec > available) return inProgress(rule, "LessAvailable", `available: ${available}/${spec}`);
  if (spec > ready) return inProgress(rule, "LessReady", `ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress(rule, "ExtraPods", `pending termination: ${replicas - spec}`);
  return current(rule, "Ready", `all replicas available: ${available}/${spec}`);
};

/**
 * `job`: Complete=True is Current; Failed=True (backoff limit, deadline) or FailureTarget=True (failing, pods
 * terminating) is Failed; Suspended=True is Current; not started yet is InProgress; running is Current, as kstatus
 * has it: the Job is doing what it was asked to.
 */
export const jobRule: Rule = ({ object }) => {
  const rule = "job";
  const conditions = conditionsAt(object) ?? [];
  const succeeded = int(object, ["status", "succeeded"], 0);
  const active = int(object, ["status", "active"], 0);
  const failedPods = int(object, ["status", "failed"], 0);
  const parallelism = int(object, ["spec", "parallelism"], 1);
  const completions = int(object, ["spec", "completions"], parallelism);
  const complete = find(conditions, "Complete");
  if (complete?.status === "True") return current(rule, "Complete", `completed: ${succeeded}/${completions} succeeded`);
  for (const type of ["Failed", "FailureTarget"]) {
    const c = find(conditions, type);
    if (c?.status === "True") {
      return failed(rule, c.reason || "JobFailed", c.message || `the Job failed: ${failedPods} failed pods`);
    }
  }
  if (find(conditions, "Suspended")?.status === "True") return current(rule, "Suspended", "the Job is suspended");
  if (!str(object, ["status", "startTime"])) return inProgress(rule, "NotStarted", "the Job has not started");
  return current(
    rule,
    "Running",
    `running: ${active} active, ${succeeded}/${completions} succeeded, ${failedPods} failed`,
  );
};
