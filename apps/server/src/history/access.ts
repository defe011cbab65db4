import { type KubeClient, readJson } from "../cluster/connection.ts";

/** Options of an {@link AccessCache}. */
export interface AccessCacheOptions {
  /** How long an answer is reused, in ms (default 10,000): RBAC changes are seen within that. */
  ttlMs?: number;
  /** Answers kept at most (default 10,000); past it the cache starts over. */
  maxEntries?: number;
  now?: () => number;
}

/** What to ask: may the user `get` this (a whole resource in a namespace when `name` is absent)? */
export interface GetAttributes {
  group: string;
  resource: string;
  /** "" for cluster-scoped resources (or all namespaces). */
  namespace: string;
  name?: string;
}

/**
 * Whether a user may `get` something now, asked of the API server as a SelfSubjectAccessReview made with the
 * user's own credentials (so RBAC, webhooks and every authorizer decide), and remembered briefly per user.
 * Concurrent questions with the same key share one review.
 */
export class AccessCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  readonly #answers = new Map<string, { expires: number; allowed: Promise<boolean> }>();

  constructor(options: AccessCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 10_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** `identity` must tell users apart (a hash of the token, or "" for the kubeconfig's user of `client`'s context). */
  mayGet(client: KubeClient, identity: string, attributes: GetAttributes): Promise<boolean> {
    const key = JSON.stringify([
      identity,
      client.context,
      attributes.group,
      attributes.resource,
      attributes.namespace,
      attributes.name ?? null,
    ]);
    const now = this.#now();
    const cached = this.#answers.get(key);
    if (cached && cached.expires > now) return cached.allowed;
    if (this.#answers.size >= this.#maxEntries) this.#answers.clear();
    const allowed = review(client, attributes);
    this.#answers.set(key, { expires: now + this.#ttlMs, allowed });
    // A failed review is not remembered: the next question asks again.
    allowed.catch(() => this.#answers.delete(key));
    return allowed;
  }
}

async function review(client: KubeClient, attributes: GetAttributes): Promise<boolean> {
  const response = await client.fetch("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: {
        resourceAttributes: {
          verb: "get",
          group: attributes.group,
          resource: attributes.resource,
          ...(attributes.namespace ? { namespace: attributes.namespace } : {}),
          ...(attributes.name ? { name: attributes.name } : {}),
        },
      },
    }),
  });
  const body = await readJson<{ status?: { allowed?: boolean } }>(response);
  return body.status?.allowed === true;
}
