import { describe, expect, it } from "vitest";
import { inferReferences, inferReferencesCached, labelSelectorText, selectorRequirements, selects } from "../infer.ts";
import { KindIndex } from "../kinds.ts";
import { kinds } from "./catalog-fixture.ts";

const refs = (object: Record<string, unknown>, group: string, namespace = "ns") =>
  inferReferences(object, kinds, group, namespace).references.map((r) => ({
    field: r.field,
    kind: r.candidates[0]?.kind,
    group: r.candidates[0]?.group,
    namespace: r.namespace,
    name: r.name,
  }));

describe("inferReferences", () => {
  it("reads a cert-manager Certificate: its Secret by `secretName`, its issuer by `{name, kind, group}`", () => {
    const certificate = {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "web", namespace: "ns" },
      spec: {
        secretName: "web-tls",
        commonName: "web.example.com",
        issuerRef: { name: "letsencrypt", kind: "ClusterIssuer", group: "cert-manager.io" },
        privateKey: { algorithm: "ECDSA" },
      },
    };
    expect(refs(certificate, "cert-manager.io")).toEqual([
      { field: "spec.secretName", kind: "Secret", group: "", namespace: "ns", name: "web-tls" },
      // Cluster-scoped target: the namespace default only applies to namespaced candidates.
      {
        field: "spec.issuerRef",
        kind: "ClusterIssuer",
        group: "cert-manager.io",
        namespace: undefined,
        name: "letsencrypt",
      },
    ]);
  });

  it("reads a Gateway HTTPRoute: parents and backends with the kinds and groups the API server defaulted", () => {
    const route = {
      spec: {
        parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "edge", namespace: "infra" }],
        rules: [{ backendRefs: [{ group: "", kind: "Service", name: "web", port: 80, weight: 1 }] }],
      },
    };
    expect(refs(route, "gateway.networking.k8s.io")).toEqual([
      {
        field: "spec.parentRefs[0]",
        kind: "Gateway",
        group: "gateway.networking.k8s.io",
        namespace: "infra",
        name: "edge",
      },
      { field: "spec.rules[0].backendRefs[0]", kind: "Service", group: "", namespace: "ns", name: "web" },
    ]);
  });

  it("reads a KEDA ScaledObject's scaleTargetRef and an Argo Application's destination and managed resources", () => {
    const scaled = { spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "worker" } } };
    expect(refs(scaled, "keda.sh")).toEqual([
      { field: "spec.scaleTargetRef", kind: "Deployment", group: "apps", namespace: "ns", name: "worker" },
    ]);
    const app = {
      spec: { project: "default", destination: { server: "https://kubernetes.default.svc", namespace: "shop" } },
      status: { resources: [{ group: "apps", version: "v1", kind: "Deployment", namespace: "shop", name: "cart" }] },
    };
    expect(refs(app, "argoproj.io", "argocd")).toEqual([
      { field: "spec.destination.namespace", kind: "Namespace", group: "", namespace: undefined, name: "shop" },
      { field: "status.resources[0]", kind: "Deployment", group: "apps", namespace: "shop", name: "cart" },
    ]);
  });

  it("reads a Pod's references by field names, and its selectors", () => {
    const pod = {
      spec: {
        serviceAccountName: "runner",
        nodeName: "node-1",
        priorityClassName: "high",
        imagePullSecrets: [{ name: "registry" }],
        containers: [
          {
            name: "app",
            image: "nginx",
            envFrom: [{ configMapRef: { name: "settings" } }],
            env: [{ name: "X", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } }],
          },
        ],
        volumes: [
          { name: "data", persistentVolumeClaim: { claimName: "data-0" } },
          { name: "conf", configMap: { name: "conf" } },
        ],
      },
    };
    const found = refs(pod, "");
    expect(found.map((r) => `${r.field} → ${r.kind} ${r.name}`)).toEqual([
      "spec.serviceAccountName → ServiceAccount runner",
      "spec.nodeName → Node node-1",
      "spec.priorityClassName → PriorityClass high",
      "spec.imagePullSecrets[0] → Secret registry",
      "spec.containers[0].envFrom[0].configMapRef → ConfigMap settings",
      "spec.containers[0].env[0].valueFrom.secretKeyRef → Secret creds",
      "spec.volumes[0].persistentVolumeClaim.claimName → PersistentVolumeClaim data-0",
      "spec.volumes[1].configMap → ConfigMap conf",
    ]);
    // Names of containers, volumes and env vars are not references.
    expect(found.some((r) => r.name === "app" || r.name === "data" || r.name === "X")).toBe(false);
  });

  it("turns selectors into label selector text and leaves empty ones out", () => {
    const service = { spec: { selector: { app: "web", tier: "front" } } };
    expect(inferReferences(service, kinds, "", "ns").selectors).toMatchObject([
      { field: "spec.selector", labelSelector: "app=web,tier=front", candidates: [{ kind: "Pod" }] },
    ]);
    const policy = { spec: { podSelector: {}, namespaceSelector: { matchLabels: { team: "a" } } } };
    expect(inferReferences(policy, kinds, "networking.k8s.io", "ns").selectors).toMatchObject([
      { field: "spec.namespaceSelector", labelSelector: "team=a", candidates: [{ kind: "Namespace" }] },
    ]);
    expect(
      labelSelectorText({
        matchLabels: { a: "1" },
        matchExpressions: [
          { key: "b", operator: "In", values: ["x", "y"] },
          { key: "c", operator: "NotIn", values: ["z"] },
          { key: "d", operator: "Exists" },
          { key: "e", operator: "DoesNotExist" },
        ],
      }),
    ).toBe("a=1,b in (x,y),c notin (z),d,!e");
    expect(labelSelectorText({ matchExpressions: [{ key: "b", operator: "Near" }] })).toBeUndefined();
    const requirements = selectorRequirements({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["front", "edge"] },
        { key: "canary", operator: "DoesNotExist" },
      ],
    });
    expect(requirements && selects(requirements, { app: "web", tier: "edge" })).toBe(true);
    expect(requirements && selects(requirements, { app: "web", tier: "edge", canary: "1" })).toBe(false);
    expect(requirements && selects(requirements, { app: "web", tier: "back" })).toBe(false);
    expect(requirements && selects(requirements, undefined)).toBe(false);
  });

  it("is bounded on huge objects", () => {
    const many = { spec: { items: Array.from({ length: 5_000 }, (_, i) => ({ kind: "Secret", name: `s${i}` })) } };
    expect(inferReferences(many, kinds, "", "ns").references.length).toBeLessThanOrEqual(200);
  });

  it("remembers an object's references per object and kind index (the watched referrers are scanned again)", () => {
    const pod = { metadata: { name: "p", namespace: "ns" }, spec: { serviceAccountName: "robot" } };
    const first = inferReferencesCached(pod, kinds, "", "ns");
    expect(first.references.map((r) => `${r.candidates[0]?.kind} ${r.name}`)).toEqual(["ServiceAccount robot"]);
    expect(inferReferencesCached(pod, kinds, "", "ns")).toBe(first);
    // A changed object is a new object (the reflector replaces it): read afresh.
    const changed = { ...pod, spec: { serviceAccountName: "other" } };
    expect(inferReferencesCached(changed, kinds, "", "ns").references[0]?.name).toBe("other");
    // A new catalog (another kind index): read afresh, against its kinds.
    const none = new KindIndex([]);
    expect(inferReferencesCached(pod, none, "", "ns").references).toEqual([]);
  });
});
