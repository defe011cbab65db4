/**
 * A real Kubernetes control plane on loopback for Loupe's tests and its no-kubeconfig demo: kube-apiserver and
 * kube-controller-manager with etcd embedded (no scheduler, no kubelet), built from Go modules once and cached, plus
 * the sample CRDs and objects.
 */
export { ensureKubectlBinary, ensurePlaneBinary, kubernetesVersion } from "./build.ts";
export { bulkCrds, shapeCrds } from "./crd-shapes.ts";
export { stateDir, workspaceRoot } from "./paths.ts";
export {
  type LocalCluster,
  type LocalClusterOptions,
  type LocalClusterTokens,
  startLocalCluster,
} from "./plane.ts";
export { type KubeObject, readManifests, SAMPLES_DIR } from "./samples.ts";
