import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { computeHealth, RULES, ruleKey } from "../index.ts";

interface Fixture {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  status?: unknown;
}

const dir = join(import.meta.dirname, "fixtures");
const fixtures: Fixture[] = readdirSync(join(dir, "objects"))
  .filter((file) => file.endsWith(".yaml"))
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, "objects", file), "utf8")).map((doc) => doc.toJS() as Fixture),
  );

function object(kind: string, name: string): Fixture {
  const found = fixtures.find((f) => f.kind === kind && f.metadata.name === name);
  if (!found) throw new Error(`no fixture ${kind} ${name}`);
  return found;
}

function groupOf(apiVersion: string): string {
  return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
}

/** 10 minutes after the fixtures' pods were created. */
const NOW = Date.parse("2026-11-25T10:10:00Z");

/** [kind, name, verdict, rule, reason]: each case names the rule it proves. */
const cases: [string, string, string, string, string][] = [
  // Generic checks first, for every kind.
  ["Kustomization", "being-deleted", "Terminating", "deletion", "Deleting"],
  ["Namespace", "leaving", "Terminating", "deletion", "Deleting"],
  ["Kustomization", "not-observed", "InProgress", "generation", "LatestGenerationNotObserved"],
  ["Deployment", "edited", "InProgress", "generation", "LatestGenerationNotObserved"],
  ["VirtualService", "ratings", "InProgress", "generation", "LatestGenerationNotObserved"],
  ["Kustomization", "stalled", "Failed", "kstatus-conditions", "InvalidPath"],
  ["Kustomization", "reconciling", "InProgress", "kstatus-conditions", "Progressing"],
  // The generic conditions rule, over real CRDs' statuses.
  ["Kustomization", "applied", "Current", "conditions", "ReconciliationSucceeded"],
  ["Kustomization", "build-failed", "Failed", "conditions", "BuildFailed"],
  ["Kustomization", "dependency-not-ready", "InProgress", "conditions", "DependencyNotReady"],
  ["Certificate", "issued", "Current", "conditions", "Ready"],
  ["Certificate", "being-issued", "InProgress", "conditions", "DoesNotExist"],
  ["Certificate", "failed-issuance", "Failed", "conditions", "DoesNotExist"],
  ["Certificate", "spec-changed", "InProgress", "conditions", "ConditionNotObserved"],
  ["ClusterIssuer", "letsencrypt", "Current", "conditions", "ACMEAccountRegistered"],
  ["ClusterIssuer", "broken-acme", "Failed", "conditions", "ErrRegisterACMEAccount"],
  ["Prometheus", "k8s", "Current", "conditions", "Available"],
  ["Prometheus", "degraded", "Failed", "conditions", "SomePodsNotReady"],
  ["ServiceMonitor", "api", "Current", "conditions", "NoConditions"],
  ["ServiceMonitor", "rejected", "Failed", "conditions", "InvalidConfiguration"],
  ["ScaledObject", "worker", "Current", "conditions", "ScaledObjectReady"],
  ["ScaledObject", "fallback", "Failed", "conditions", "FallbackExists"],
  ["HTTPRoute", "shop", "Current", "conditions", "NoConditions"],
  ["HTTPRoute", "missing-backend", "Failed", "conditions", "BackendNotFound"],
  ["VirtualService", "reviews", "Current", "conditions", "Reconciled"],
  ["MyService", "my-nginx-service", "Current", "conditions", "NoStatus"],
  ["CronTab", "my-first-crontab", "Current", "conditions", "NoStatus"],
  ["Widget", "odd-status", "Unknown", "conditions", "MalformedStatus"],
  ["APIService", "v1beta1.metrics.k8s.io", "Failed", "conditions", "MissingEndpoints"],
  ["ConfigMap", "settings", "Current", "conditions", "NoStatus"],
  // Argo CD computes health itself.
  ["Application", "guestbook", "Current", "argocd-application", "Healthy"],
  ["Application", "degraded", "Failed", "argocd-application", "Degraded"],
  ["Application", "progressing", "InProgress", "argocd-application", "Progressing"],
  ["Application", "comparison-error", "Failed", "argocd-application", "ComparisonError"],
  // Built-in rules.
  ["Deployment", "web", "Current", "deployment", "Available"],
  ["Deployment", "no-kubelet", "InProgress", "deployment", "LessAvailable"],
  ["Deployment", "rolling", "InProgress", "deployment", "LessUpdated"],
  ["Deployment", "deadline", "Failed", "deployment", "ProgressDeadlineExceeded"],
  ["Deployment", "quota", "Failed", "deployment", "FailedCreate"],
  ["Deployment", "scaled-down", "Current", "deployment", "Available"],
  ["StatefulSet", "db", "Current", "statefulset", "Ready"],
  ["StatefulSet", "db-starting", "InProgress", "statefulset", "LessReady"],
  ["StatefulSet", "db-canary", "Current", "statefulset", "PartitionRolledOut"],
  ["DaemonSet", "agent", "Current", "daemonset", "Ready"],
  ["DaemonSet", "agent-rolling", "InProgress", "daemonset", "LessUpdated"],
  ["DaemonSet", "agent-new", "InProgress", "daemonset", "NotObserved"],
  ["ReplicaSet", "web-7d4b9c", "InProgress", "replicaset", "LessAvailable"],
  ["Job", "migrate", "Current", "job", "Complete"],
  ["Job", "backoff", "Failed", "job", "BackoffLimitExceeded"],
  ["Job", "running", "Current", "job", "Running"],
  ["Job", "queued", "InProgress", "job", "NotStarted"],
  ["Job", "suspended", "Current", "job", "Suspended"],
  ["Pod", "running", "Current", "pod", "Ready"],
  ["Pod", "crashing", "Failed", "pod", "CrashLoopBackOff"],
  ["Pod", "bad-image", "Failed", "pod", "ImagePullBackOff"],
  ["Pod", "never-scheduled", "InProgress", "pod", "PodPending"],
  ["Pod", "unschedulable", "Failed", "pod", "Unschedulable"],
  ["Pod", "evicted", "Failed", "pod", "Evicted"],
  ["Pod", "done", "Current", "pod", "Succeeded"],
  ["Pod", "node-lost", "Unknown", "pod", "PodUnknown"],
  ["PersistentVolumeClaim", "data", "Current", "pvc", "Bound"],
  ["PersistentVolumeClaim", "waiting", "InProgress", "pvc", "NotBound"],
  ["PersistentVolumeClaim", "lost", "Failed", "pvc", "Lost"],
  ["Service", "web", "Current", "service", "ClusterIP"],
  ["Service", "public", "InProgress", "service", "NoIngress"],
  ["Service", "public-ready", "Current", "service", "LoadBalancerReady"],
  ["Node", "worker-1", "Current", "node", "KubeletReady"],
  ["Node", "worker-2", "Unknown", "node", "NodeStatusUnknown"],
  ["Node", "worker-3", "Failed", "node", "KubeletHasDiskPressure"],
  ["PersistentVolume", "pv-bound", "Current", "persistentvolume", "Bound"],
  ["PersistentVolume", "pv-failed", "Failed", "persistentvolume", "Failed"],
  ["CustomResourceDefinition", "widgets.demo.loupe.dev", "Current", "customresourcedefinition", "Established"],
  ["CustomResourceDefinition", "gadgets.demo.loupe.dev", "Failed", "customresourcedefinition", "KindConflict"],
];

describe("computeHealth", () => {
  it.each(cases)("%s %s is %s by rule %s (%s)", (kind, name, verdict, rule, reason) => {
    const o = object(kind, name);
    const health = computeHealth(o, { group: groupOf(o.apiVersion), kind }, NOW);
    expect(health).toMatchObject({ verdict, rule, reason });
    expect(health.message).not.toBe("");
  });

  it("every fixture is a case, and every kind rule has one", () => {
    const named = new Set(cases.map(([kind, name]) => `${kind}/${name}`));
    expect(fixtures.filter((f) => !named.has(`${f.kind}/${f.metadata.name}`)).map((f) => f.metadata.name)).toEqual([
      "my-apache-service",
    ]);
    for (const key of RULES.keys()) {
      const tested = cases.some(
        ([kind, name]) => ruleKey({ group: groupOf(object(kind, name).apiVersion), kind }) === key,
      );
      expect(tested, `${key} has a case`).toBe(true);
    }
  });

  it("messages say what decided", () => {
    const deleting = computeHealth(
      object("Kustomization", "being-deleted"),
      { group: "kustomize.toolkit.fluxcd.io", kind: "Kustomization" },
      NOW,
    );
    expect(deleting.message).toBe(
      "deletion requested at 2026-11-25T10:10:00Z; waiting for finalizers: finalizers.fluxcd.io",
    );
    const route = computeHealth(
      object("HTTPRoute", "missing-backend"),
      { group: "gateway.networking.k8s.io", kind: "HTTPRoute" },
      NOW,
    );
    expect(route.message).toBe("parentRef gateways/public: backend web/gone not found");
    const generation = computeHealth(
      object("VirtualService", "ratings"),
      { group: "networking.istio.io", kind: "VirtualService" },
      NOW,
    );
    expect(generation.message).toBe("VirtualService generation is 3, but the latest observed generation is 2");
    const crash = computeHealth(object("Pod", "crashing"), { group: "", kind: "Pod" }, NOW);
    expect(crash.message).toContain("api: back-off 5m0s restarting failed container");
  });

  it("a pod unschedulable for less than 15 s is still InProgress (rule pod)", () => {
    const created = Date.parse("2026-11-25T10:00:00Z");
    const health = computeHealth(object("Pod", "unschedulable"), { group: "", kind: "Pod" }, created + 5_000);
    expect(health).toMatchObject({ verdict: "InProgress", rule: "pod", reason: "NotScheduledYet" });
  });

  it("the same object under another group is judged by the generic rule, not the built-in one", () => {
    const health = computeHealth(object("Deployment", "no-kubelet"), { group: "example.com", kind: "Deployment" }, NOW);
    expect(health).toMatchObject({ verdict: "InProgress", rule: "conditions", reason: "MinimumReplicasUnavailable" });
  });

  it("never throws, whatever the input (rule conditions / error)", () => {
    for (const input of [null, undefined, 42, "x", [], { metadata: null }, { status: { conditions: [null, 1, {}] } }]) {
      const health = computeHealth(input, { group: "", kind: "Pod" }, NOW);
      expect(["InProgress", "Unknown", "Current"]).toContain(health.verdict);
      const generic = computeHealth(input, { group: "x.io", kind: "Thing" }, NOW);
      expect(["Unknown", "Current"]).toContain(generic.verdict);
    }
  });
});

describe("the fixtures' statuses are valid against their CRDs' schemas", () => {
  const schemas = JSON.parse(readFileSync(join(dir, "crd-status-schemas.json"), "utf8")) as Record<string, object>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const custom = fixtures.filter((f) => schemas[`${f.apiVersion}/${f.kind}`] !== undefined);

  it("covers every real-world CRD of the fixtures", () => {
    expect(new Set(custom.map((f) => f.kind))).toEqual(
      new Set(Object.keys(schemas).map((key) => key.split("/").at(-1))),
    );
  });

  it.each(custom.map((f) => [f.kind, f.metadata.name, f] as const))("%s %s", (_kind, _name, fixture) => {
    const validate = ajv.compile(schemas[`${fixture.apiVersion}/${fixture.kind}`] ?? {});
    expect(validate(fixture.status), JSON.stringify(validate.errors)).toBe(true);
  });
});
