import type { Health } from "@loupe/protocol";
import { at, type Condition, conditionsAt, find, hasInt, int, record, str } from "./fields.ts";
import { current, failed, type HealthInput, inProgress, type Rule, unknown } from "./verdicts.ts";

/**
 * Condition types that summarize an object's state with True meaning good, most telling first: Ready is the
 * convention of Flux, cert-manager, Knative and most operators; Crossplane adds Synced; Gateway API routes and
 * prometheus-operator's bindings say Accepted / ResolvedRefs / Programmed; Tekton says Succeeded.
 */
const POSITIVE = [
  "Ready",
  "Available",
  "Synced",
  "Healthy",
  "Succeeded",
  "Reconciled",
  "Established",
  "Accepted",
  "ResolvedRefs",
  "Programmed",
] as const;

/** Abnormal-true condition types (kstatus' convention: True means something is wrong). Stalled is decided earlier. */
const ABNORMAL_TRUE = new Set(["Degraded", "Failed", "Failure", "Error", "ReplicaFailure", "Fallback", "Stalled"]);
const ABNORMAL_TRUE_SUFFIX = /(Error|Failure|Failed|Pressure|Unavailable)$/;

/** True conditions saying the controller is at work: a False summary beside one is transient. */
const WORKING_TRUE = new Set(["Reconciling", "Progressing", "Issuing"]);

/** Reasons of a False summary condition that say "not yet" rather than "cannot". */
const TRANSIENT_REASON =
  /progress|pending|waiting|creating|provisioning|initializ|installing|upgrading|updating|deploying|reconciling|issuing|scaling|starting|dependencynotready/i;

/** A finding about one condition, and how bad it is (2 Failed, 1 InProgress). */
interface Finding {
  severity: 1 | 2;
  health: Health;
}

const RULE = "conditions";

/**
 * `conditions`, the last rule, for any kind: reads status.conditions (and the per-parent conditions of Gateway API
 * routes, `status.parents[]`, and of prometheus-operator's monitors, `status.bindings[]`):
 * - an abnormal-true condition (Degraded, Failed, *Error, *Failure, *Pressure, …) that is True: Failed;
 * - a summary condition (Ready, Available, Synced, …) that is False: Failed, unless its reason says "not yet"
 *   (Creating, Progressing, …) or a Reconciling / Progressing / Issuing condition is True: InProgress;
 * - a summary condition that is Unknown, or computed for an older generation than the object's: InProgress;
 * - otherwise, a status.phase that says Failed/Error is Failed, Pending-like is InProgress;
 * - otherwise Current (the summary condition's message, or "no conditions reported").
 * The worst finding decides; among equals, the most telling condition type. A status of an unexpected shape
 * (conditions that are not a list) is Unknown.
 */
export const conditionsRule: Rule = (input: HealthInput) => {
  const { object } = input;
  const conditions = conditionsAt(object);
  if (!conditions) return unknown(RULE, "MalformedStatus", "status.conditions is not a list");
  const generation = hasInt(object, ["metadata", "generation"])
    ? int(object, ["metadata", "generation"], 0)
    : undefined;
  const findings = assess(conditions, generation, "");
  for (const [field, label] of [
    ["parents", "parentRef"],
    ["bindings", "binding"],
  ] as const) {
    const entries = at(object, "status", field);
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      const nested = conditionsAt(entry, ["conditions"]);
      if (!nested) continue;
      findings.push(...assess(nested, generation, `${label} ${describeRef(entry)}: `));
    }
  }
  const worst = pickWorst(findings);
  if (worst) return worst;
  const phase = phaseHealth(str(object, ["status", "phase"]));
  if (phase) return phase;
  const summary = POSITIVE.map((type) => find(conditions, type)).find((c) => c?.status === "True");
  if (summary) return current(RULE, summary.reason || summary.type, summary.message || `${summary.type} is True`);
  if (record(at(object, "status")) === undefined) return current(RULE, "NoStatus", "the object reports no status");
  return current(RULE, "NoConditions", "no conditions reported");
};

function assess(conditions: readonly Condition[], generation: number | undefined, prefix: string): Finding[] {
  const findings: Finding[] = [];
  const working = conditions.find((c) => WORKING_TRUE.has(c.type) && c.status === "True");
  for (const c of conditions) {
    if (c.status === "True" && (ABNORMAL_TRUE.has(c.type) || ABNORMAL_TRUE_SUFFIX.test(c.type))) {
      findings.push({
        severity: 2,
        health: failed(RULE, c.reason || c.type, prefix + (c.message || `${c.type} is True`)),
      });
    }
  }
  for (const type of POSITIVE) {
    const c = find(conditions, type);
    if (!c || c.status === "True") {
      if (c && generation !== undefined && c.observedGeneration !== undefined && c.observedGeneration < generation) {
        findings.push({ severity: 1, health: stale(c, generation, prefix) });
      }
      continue;
    }
    if (generation !== undefined && c.observedGeneration !== undefined && c.observedGeneration < generation) {
      findings.push({ severity: 1, health: stale(c, generation, prefix) });
    } else if (c.status === "Unknown" || c.status === "") {
      const message = c.message || `${c.type} is Unknown`;
      findings.push({ severity: 1, health: inProgress(RULE, c.reason || `${c.type}Unknown`, prefix + message) });
    } else if (c.status === "False" && (TRANSIENT_REASON.test(c.reason) || working)) {
      const message = c.message || working?.message || `${c.type} is False`;
      findings.push({ severity: 1, health: inProgress(RULE, c.reason || working?.reason || c.type, prefix + message) });
    } else {
      // False, or a word of the controller's own (prometheus-operator's Available=Degraded).
      const message = c.message || `${c.type} is ${c.status}`;
      findings.push({ severity: 2, health: failed(RULE, c.reason || `Not${c.type}`, prefix + message) });
    }
  }
  return findings;
}

function stale(c: Condition, generation: number, prefix: string): Health {
  return inProgress(
    RULE,
    "ConditionNotObserved",
    `${prefix}${c.type} was computed for generation ${c.observedGeneration}, the object is at generation ${generation}`,
  );
}

/** The first finding of the highest severity (findings come in order of importance). */
function pickWorst(findings: readonly Finding[]): Health | undefined {
  let worst: Finding | undefined;
  for (const f of findings) if (!worst || f.severity > worst.severity) worst = f;
  return worst?.health;
}

/** A generic status.phase, for kinds that report a phase and no conditions. */
function phaseHealth(phase: string): Health | undefined {
  if (!phase) return undefined;
  if (/^(failed|error|crashloopbackoff|degraded)$/i.test(phase)) {
    return failed(RULE, phase, `status.phase is ${phase}`);
  }
  if (/^(pending|progressing|provisioning|creating|initializing|installing|upgrading|waiting)$/i.test(phase)) {
    return inProgress(RULE, phase, `status.phase is ${phase}`);
  }
  return undefined;
}

/** `name` or `namespace/name` of a route's parentRef or a binding. */
function describeRef(entry: unknown): string {
  const ref = record(at(entry, "parentRef")) ?? record(entry) ?? {};
  const name = str(ref, ["name"], "?");
  const namespace = str(ref, ["namespace"]);
  return namespace ? `${namespace}/${name}` : name;
}
