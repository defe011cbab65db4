import type { CatalogResource } from "@loupe/protocol";
import { KindIndex } from "../kinds.ts";

/** A catalog entry as discovery gives it (preferred version, readable). */
export function entry(group: string, version: string, resource: string, kind: string, namespaced = true) {
  const r: CatalogResource = {
    group,
    version,
    resource,
    kind,
    singular: kind.toLowerCase(),
    namespaced,
    verbs: ["get", "list", "watch"],
    shortNames: [],
    categories: [],
    subresources: [],
    preferredVersion: version,
    versions: [version],
    custom: group.includes(".") && !group.endsWith(".k8s.io"),
  };
  return r;
}

/** Built-ins and the real-world CRDs' kinds the relation tests name. */
export const kinds = new KindIndex([
  entry("", "v1", "pods", "Pod"),
  entry("", "v1", "secrets", "Secret"),
  entry("", "v1", "configmaps", "ConfigMap"),
  entry("", "v1", "services", "Service"),
  entry("", "v1", "serviceaccounts", "ServiceAccount"),
  entry("", "v1", "namespaces", "Namespace", false),
  entry("", "v1", "nodes", "Node", false),
  entry("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim"),
  entry("", "v1", "persistentvolumes", "PersistentVolume", false),
  entry("apps", "v1", "deployments", "Deployment"),
  entry("apps", "v1", "replicasets", "ReplicaSet"),
  entry("storage.k8s.io", "v1", "storageclasses", "StorageClass", false),
  entry("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false),
  entry("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false),
  entry("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
  entry("cert-manager.io", "v1", "issuers", "Issuer"),
  entry("cert-manager.io", "v1", "clusterissuers", "ClusterIssuer", false),
  entry("gateway.networking.k8s.io", "v1", "gateways", "Gateway"),
  entry("argoproj.io", "v1alpha1", "applications", "Application"),
  entry("keda.sh", "v1alpha1", "scaledobjects", "ScaledObject"),
]);
