import { at, conditionsAt, find, record, str } from "./fields.ts";
import { current, failed, inProgress, type Rule, unknown } from "./verdicts.ts";

/** Container waiting reasons that will not clear by themselves. */
const BAD_WAITING = new Set([
  "CrashLoopBackOff",
  "ImagePullBackOff",
  "ErrImagePull",
  "InvalidImageName",
  "CreateContainerConfigError",
  "CreateContainerError",
  "RunContainerError",
]);

/** How long a pod may be unschedulable before that is a failure, as kstatus' ScheduleWindow. */
export const SCHEDULE_WINDOW_MS = 15_000;

/**
 * `pod`: Succeeded is Current; Failed (evicted, a container exited non-zero with restartPolicy Never) is Failed;
 * Unknown (its node stopped reporting) is Unknown; a container stuck waiting in CrashLoopBackOff,
 * ImagePullBackOff and the like is Failed in any phase; Running and Ready is Current, Running not Ready is
 * InProgress; Pending is InProgress, unless the scheduler has said Unschedulable for longer than 15 s.
 */
export const podRule: Rule = ({ object, now }) => {
  const rule = "pod";
  const phase = str(object, ["status", "phase"]);
  const conditions = conditionsAt(object) ?? [];
  if (phase === "Succeeded") return current(rule, "Succeeded", "the pod has completed successfully");
  if (phase === "Failed") {
    return failed(
      rule,
      str(object, ["status", "reason"], "PodFailed"),
      str(object, ["status", "message"], "the pod failed"),
    );
  }
  if (phase === "Unknown") return unknown(rule, "PodUnknown", "the pod's node stopped reporting its state");
  const stuck = stuckContainers(object);
  const [first] = stuck;
  if (first) {
    return failed(rule, first.reason, stuck.map((c) => `${c.name}: ${c.message || c.reason}`).join("; "));
  }
  if (phase === "Running") {
    if (find(conditions, "Ready")?.status === "True") return current(rule, "Ready", "the pod is running and ready");
    const notReady = find(conditions, "ContainersReady") ?? find(conditions, "Ready");
    return inProgress(rule, "PodRunningNotReady", notReady?.message || "the pod is running but not ready");
  }
  if (phase === "Pending") {
    const scheduled = find(conditions, "PodScheduled");
    if (scheduled?.status === "False" && scheduled.reason === "Unschedulable") {
      const created = Date.parse(str(object, ["metadata", "creationTimestamp"]));
      if (Number.isFinite(created) && now - created > SCHEDULE_WINDOW_MS) {
        return failed(rule, "Unschedulable", scheduled.message || "the pod cannot be scheduled");
      }
      return inProgress(rule, "NotScheduledYet", scheduled.message || "the pod has not been scheduled yet");
    }
    if (!scheduled) return inProgress(rule, "PodPending", "the pod waits to be scheduled");
    return inProgress(rule, "PodPending", "the pod is pending: its containers are not running yet");
  }
  return inProgress(rule, "PodNotObserved", "the pod has no phase yet");
};

interface Stuck {
  name: string;
  reason: string;
  message: string;
}

function stuckContainers(object: unknown): Stuck[] {
  const stuck: Stuck[] = [];
  for (const field of ["initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"]) {
    const statuses = at(object, "status", field);
    if (!Array.isArray(statuses)) continue;
    for (const status of statuses) {
      const reason = str(status, ["state", "waiting", "reason"]);
      if (BAD_WAITING.has(reason)) {
        stuck.push({ name: str(status, ["name"], "?"), reason, message: str(status, ["state", "waiting", "message"]) });
      }
    }
  }
  return stuck;
}

/** `pvc`: Bound is Current; Pending is InProgress (waiting for a volume); Lost (its volume is gone) is Failed. */
export const pvcRule: Rule = ({ object }) => {
  const rule = "pvc";
  const phase = str(object, ["status", "phase"]);
  if (phase === "Bound") return current(rule, "Bound", "the claim is bound to a volume");
  if (phase === "Lost") return failed(rule, "Lost", "the claim lost its volume");
  return inProgress(
    rule,
    phase ? "NotBound" : "PhaseUnknown",
    `the claim is not bound (phase: ${phase || "none yet"})`,
  );
};

/**
 * `service`: a LoadBalancer Service waits (InProgress) until its load balancer reports an ingress address; a
 * load balancer condition that is False is Failed. Every other type is Current.
 */
export const serviceRule: Rule = ({ object }) => {
  const rule = "service";
  const type = str(object, ["spec", "type"], "ClusterIP");
  if (type !== "LoadBalancer") return current(rule, type, `${type} Service`);
  const conditions = conditionsAt(object) ?? [];
  const bad = conditions.find((c) => c.status === "False");
  if (bad) return failed(rule, bad.reason || bad.type, bad.message || `${bad.type} is False`);
  const ingress = at(object, "status", "loadBalancer", "ingress");
  if (Array.isArray(ingress) && ingress.length > 0) {
    const first = record(ingress[0]) ?? {};
    const address = str(first, ["ip"]) || str(first, ["hostname"]);
    return current(rule, "LoadBalancerReady", `load balancer at ${address || "an address"}`);
  }
  return inProgress(rule, "NoIngress", "waiting for the load balancer to get an address");
};

/**
 * `node`: Ready=True is Current unless a pressure or NetworkUnavailable condition is True (Failed); Ready=False is
 * Failed; Ready=Unknown, or no Ready condition, is Unknown: the kubelet stopped reporting. Cordoned is Current.
 */
export const nodeRule: Rule = ({ object }) => {
  const rule = "node";
  const conditions = conditionsAt(object) ?? [];
  const ready = find(conditions, "Ready");
  if (!ready || ready.status === "Unknown") {
    return unknown(rule, ready?.reason || "NodeStatusUnknown", ready?.message || "the kubelet has not reported");
  }
  if (ready.status !== "True")
    return failed(rule, ready.reason || "NotReady", ready.message || "the node is not ready");
  const pressure = conditions.find((c) => c.type !== "Ready" && c.status === "True");
  if (pressure) return failed(rule, pressure.reason || pressure.type, pressure.message || `${pressure.type} is True`);
  return current(rule, ready.reason || "Ready", ready.message || "the node is ready");
};

/** `persistentvolume`: Failed (reclamation failed) is Failed; Pending is InProgress; Available, Bound, Released are Current. */
export const persistentVolumeRule: Rule = ({ object }) => {
  const rule = "persistentvolume";
  const phase = str(object, ["status", "phase"]);
  if (phase === "Failed")
    return failed(rule, "Failed", str(object, ["status", "message"], "reclaiming the volume failed"));
  if (phase === "Pending" || phase === "") return inProgress(rule, "Pending", "the volume is not available yet");
  return current(rule, phase, `the volume is ${phase}`);
};

/**
 * `customresourcedefinition`: names not accepted, or Established=False for another reason than Installing, is
 * Failed; Established=True is Current; otherwise it is still being installed.
 */
export const crdRule: Rule = ({ object }) => {
  const rule = "customresourcedefinition";
  const conditions = conditionsAt(object) ?? [];
  const names = find(conditions, "NamesAccepted");
  if (names?.status === "False") return failed(rule, names.reason || "NamesNotAccepted", names.message);
  const established = find(conditions, "Established");
  if (established?.status === "True") return current(rule, "Established", "the CRD is established");
  if (established?.status === "False" && established.reason !== "Installing") {
    return failed(rule, established.reason || "NotEstablished", established.message);
  }
  return inProgress(rule, "Installing", established?.message || "the CRD is being installed");
};
