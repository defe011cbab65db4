import { conditionsRule } from "./conditions.ts";
import { at, str } from "./fields.ts";
import { current, failed, inProgress, type Rule, unknown } from "./verdicts.ts";

/**
 * `argocd-application`: Argo CD computes an Application's health itself (status.health.status) and lists problems
 * as conditions without a status field (present means it applies): an `*Error` condition (ComparisonError,
 * InvalidSpecError, SyncError…) or a failed last sync is Failed; health Degraded or Missing is Failed; Progressing
 * is InProgress; Unknown is Unknown; Healthy and Suspended (paused on purpose) are Current.
 */
export const argoApplicationRule: Rule = (input) => {
  const rule = "argocd-application";
  const { object } = input;
  const conditions = at(object, "status", "conditions");
  if (Array.isArray(conditions)) {
    for (const c of conditions) {
      const type = str(c, ["type"]);
      if (type.endsWith("Error")) return failed(rule, type, str(c, ["message"], `${type} reported`));
    }
  }
  const operation = str(object, ["status", "operationState", "phase"]);
  if (operation === "Failed" || operation === "Error") {
    return failed(
      rule,
      `Sync${operation}`,
      str(object, ["status", "operationState", "message"], `the last sync: ${operation}`),
    );
  }
  const health = str(object, ["status", "health", "status"]);
  const message = str(object, ["status", "health", "message"]);
  switch (health) {
    case "Healthy":
      return current(
        rule,
        "Healthy",
        message || `healthy, sync status ${str(object, ["status", "sync", "status"], "unknown")}`,
      );
    case "Suspended":
      return current(rule, "Suspended", message || "suspended");
    case "Progressing":
      return inProgress(rule, "Progressing", message || "progressing");
    case "Degraded":
    case "Missing":
      return failed(rule, health, message || `health: ${health}`);
    case "Unknown":
      return unknown(rule, "HealthUnknown", message || "Argo CD cannot tell the health");
    default:
      // No health yet (never reconciled): what the conditions say.
      return conditionsRule(input);
  }
};
