import type { CatalogResource } from "@loupe/protocol";
import { type KubeClient, readJson } from "../cluster/connection.ts";
import { ApiError } from "../errors.ts";
import type { AccessCache } from "./access-cache.ts";

/** An object as the relation walker sees it: unstructured JSON with metadata. */
export interface KubeObj {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
    deletionTimestamp?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** What a read answered: the object(s), or why not — the user may not, or it is not there. */
export type Read<T> = { ok: T } | { forbidden: true } | { missing: true };

const enc = encodeURIComponent;

/** `/api/v1/namespaces/ns/pods/name`, `/apis/g/v/resource` (a collection when `name` is undefined). */
export function objectPath(resource: CatalogResource, namespace: string | undefined, name?: string): string {
  const parts = resource.group === "" ? ["api", resource.version] : ["apis", resource.group, resource.version];
  if (resource.namespaced && namespace !== undefined) parts.push("namespaces", namespace);
  parts.push(resource.resource);
  if (name !== undefined) parts.push(name);
  return `/${parts.map(enc).join("/")}`;
}

/**
 * The upstream reads of one relations request, as the user (their client carries their token in user-token mode, so
 * RBAC decides) and each bounded by a timeout. Reads are shared within the request: one object or one list is
 * asked for once however many paths lead to it, and whether the user may `get` a resource in a namespace is asked
 * once (SelfSubjectAccessReview).
 */
export class UserReads {
  readonly #client: KubeClient;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #gets = new Map<string, Promise<Read<KubeObj>>>();
  readonly #lists = new Map<string, Promise<Read<KubeObj[]>>>();
  readonly #access = new Map<string, Promise<boolean>>();
  readonly #shared: { cache: AccessCache; scope: string } | undefined;
  /** Upstream calls made (for tests and metrics). */
  calls = 0;

  /**
   * `access`: answers of access reviews shared across requests, kept briefly; `scope` names whose answers they are
   * (the context and the user's identity).
   */
  constructor(
    client: KubeClient,
    options: { timeoutMs?: number; signal?: AbortSignal; access?: { cache: AccessCache; scope: string } } = {},
  ) {
    this.#client = client;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
    this.#signal = options.signal;
    this.#shared = options.access;
  }

  get(resource: CatalogResource, namespace: string | undefined, name: string): Promise<Read<KubeObj>> {
    const path = objectPath(resource, namespace, name);
    let read = this.#gets.get(path);
    if (!read) {
      read = this.#read<KubeObj>(path);
      this.#gets.set(path, read);
    }
    return read;
  }

  /** A list (first `limit` items), optionally narrowed by a label selector; namespace undefined: all namespaces. */
  list(
    resource: CatalogResource,
    namespace: string | undefined,
    options: { labelSelector?: string; limit: number },
  ): Promise<Read<KubeObj[]>> {
    const query = new URLSearchParams({ limit: String(options.limit) });
    if (options.labelSelector) query.set("labelSelector", options.labelSelector);
    const path = `${objectPath(resource, namespace)}?${query}`;
    let read = this.#lists.get(path);
    if (!read) {
      read = this.#read<{ items?: KubeObj[] }>(path).then((r) => ("ok" in r ? { ok: r.ok.items ?? [] } : r));
      this.#lists.set(path, read);
    }
    return read;
  }

  /** May the user `get` objects of `resource` in `namespace` (SelfSubjectAccessReview, as the user)? */
  canGet(resource: CatalogResource, namespace: string | undefined): Promise<boolean> {
    const key = `${resource.group}/${resource.resource}/${namespace ?? ""}`;
    let allowed = this.#access.get(key);
    if (!allowed) {
      const sharedKey = this.#shared ? `${this.#shared.scope}|${key}` : "";
      const known = this.#shared?.cache.get(sharedKey);
      allowed =
        known !== undefined
          ? Promise.resolve(known)
          : this.#review(resource, namespace).then((answer) => {
              if (answer !== undefined) this.#shared?.cache.set(sharedKey, answer);
              return answer === true;
            });
      this.#access.set(key, allowed);
    }
    return allowed;
  }

  /** The review's answer; undefined when it cannot be told (then the caller hides rather than shows). */
  async #review(resource: CatalogResource, namespace: string | undefined): Promise<boolean | undefined> {
    const body = JSON.stringify({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: {
        resourceAttributes: {
          verb: "get",
          group: resource.group,
          resource: resource.resource,
          ...(resource.namespaced && namespace ? { namespace } : {}),
        },
      },
    });
    this.calls++;
    try {
      const response = await this.#client.fetch("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
        method: "POST",
        headers: { accept: "application/json", "content-type": "application/json" },
        body,
        signal: this.#timeout(),
      });
      const review = await readJson<{ status?: { allowed?: boolean } }>(response);
      return review.status?.allowed === true;
    } catch {
      // Cannot tell: hide rather than show what the user may not see (and ask again next time).
      return undefined;
    }
  }

  async #read<T>(path: string): Promise<Read<T>> {
    this.calls++;
    try {
      return { ok: await this.#client.getJson<T>(path, { signal: this.#timeout() }) };
    } catch (error) {
      if (error instanceof ApiError && (error.statusCode === 403 || error.statusCode === 401))
        return { forbidden: true };
      if (error instanceof ApiError && error.statusCode === 404) return { missing: true };
      if (this.#signal?.aborted) throw error;
      throw new ReadFailed(path, error);
    }
  }

  #timeout(): AbortSignal {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    return this.#signal ? AbortSignal.any([this.#signal, timeout]) : timeout;
  }
}

/** A read that neither answered nor was refused: timed out, or the API server failed. */
export class ReadFailed extends Error {
  readonly path: string;
  constructor(path: string, cause: unknown) {
    const why =
      cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError")
        ? "timed out"
        : cause instanceof Error
          ? cause.message
          : String(cause);
    super(`${path.split("?")[0]}: ${why}`);
    this.path = path;
  }
}
