import type { CatalogResource } from "@loupe/protocol";
import type { KindSelector } from "../inventory/index.ts";

/**
 * The built-in kinds the Problems view covers, by `group/resource`: the workloads and objects with health rules of
 * their own (health/index.ts). Every custom resource is covered too. Other built-ins (ConfigMaps, RBAC, Events…)
 * have no status to judge and are left out, so they cost no watch.
 */
export const PROBLEM_BUILTINS: ReadonlySet<string> = new Set([
  "apps/deployments",
  "apps/statefulsets",
  "apps/daemonsets",
  "apps/replicasets",
  "batch/jobs",
  "/pods",
  "/persistentvolumeclaims",
  "/persistentvolumes",
  "/services",
  "/nodes",
  "apiregistration.k8s.io/apiservices",
]);

/** Custom resources and {@link PROBLEM_BUILTINS}. */
export const PROBLEM_KINDS: KindSelector = (r: CatalogResource) =>
  r.custom || PROBLEM_BUILTINS.has(`${r.group}/${r.resource}`);
