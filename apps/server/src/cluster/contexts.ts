import { KubeConfig } from "@kubernetes/client-node";
import type { ContextInfo } from "@loupe/protocol";
import { ApiError } from "../errors.ts";
import { ClusterConnection, type ClusterConnectionOptions } from "./connection.ts";

/**
 * Every context of one kubeconfig, each a cluster Loupe can talk to. Connections are made on first use and kept,
 * so switching contexts in the UI needs no restart. Unknown names are a 404 {@link ApiError}.
 */
export class ContextRegistry {
  readonly #kc: KubeConfig;
  readonly #options: ClusterConnectionOptions;
  readonly #connections = new Map<string, ClusterConnection>();

  constructor(kc: KubeConfig, options: ClusterConnectionOptions = {}) {
    this.#kc = kc;
    this.#options = options;
  }

  /** The context the UI opens first: the kubeconfig's current-context, or the first one. */
  get current(): string | null {
    const current = this.#kc.getCurrentContext();
    if (current && this.#kc.getContextObject(current)) return current;
    return this.#kc.getContexts()[0]?.name ?? null;
  }

  list(): ContextInfo[] {
    const current = this.current;
    return this.#kc.getContexts().map((context) => ({
      name: context.name,
      cluster: context.cluster,
      user: context.user,
      namespace: context.namespace ?? "default",
      current: context.name === current,
      server: this.#kc.getCluster(context.cluster)?.server ?? "",
    }));
  }

  /** The connection of `name`; throws a 404 ApiError for a context the kubeconfig does not have. */
  get(name: string): ClusterConnection {
    const existing = this.#connections.get(name);
    if (existing) return existing;
    const context = this.#kc.getContextObject(name);
    if (!context || !this.#kc.getCluster(context.cluster)) throw ApiError.contextNotFound(name);
    // client-node authenticates as its *current* context, so each connection gets a copy pinned to its own.
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: this.#kc.clusters,
      users: this.#kc.users,
      contexts: this.#kc.contexts,
      currentContext: name,
    });
    const connection = new ClusterConnection(kc, name, this.#options);
    this.#connections.set(name, connection);
    return connection;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#connections.values()].map((c) => c.close()));
    this.#connections.clear();
  }
}
