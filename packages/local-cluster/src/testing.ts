import type { LocalCluster } from "./plane.ts";

/** What tests get of the run's local cluster (vitest `inject("cluster")`): plain data, no process handle. */
export type TestCluster = Pick<LocalCluster, "kubeconfigPath" | "server" | "caData" | "tokens">;

declare module "vitest" {
  export interface ProvidedContext {
    cluster: TestCluster;
  }
}
