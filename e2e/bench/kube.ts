import { Agent, type Dispatcher, request } from "undici";

/** What the benchmark needs of its cluster: the API server, its CA and the admin token. */
export interface BenchCluster {
  server: string;
  caData: string;
  tokens: { admin: string };
  kubeconfigPath: string;
}

export interface KubeAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * The benchmark's own client of the API server (not Loupe's): the admin token over one pooled undici agent, so
 * loading data can keep many requests in flight and the watch reference can read a raw stream.
 */
export class Kube {
  readonly server: string;
  readonly #token: string;
  readonly #agent: Agent;

  constructor(cluster: BenchCluster, connections = 64) {
    this.server = cluster.server;
    this.#token = cluster.tokens.admin;
    this.#agent = new Agent({ connect: { ca: cluster.caData }, connections, keepAliveTimeout: 60_000 });
  }

  get dispatcher(): Dispatcher {
    return this.#agent;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.#token}`, accept: "application/json", ...extra };
  }

  async call<T = Record<string, unknown>>(
    method: Dispatcher.HttpMethod,
    path: string,
    body?: unknown,
    contentType = "application/json",
  ): Promise<KubeAnswer<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const response = await request(`${this.server}${path}`, {
      dispatcher: this.#agent,
      method,
      headers: this.headers(payload === undefined ? {} : { "content-type": contentType }),
      body: payload,
    });
    const text = await response.body.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: response.statusCode, body: parsed as T };
  }

  /** GET with a custom Accept header; throws unless 200. */
  async getJson<T>(path: string, accept: string): Promise<T> {
    const response = await request(`${this.server}${path}`, {
      dispatcher: this.#agent,
      headers: this.headers({ accept }),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`GET ${path} → ${response.statusCode}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  /** Like call, but throws unless the status is 2xx or one of `allow`. */
  async must<T = Record<string, unknown>>(
    method: Dispatcher.HttpMethod,
    path: string,
    body?: unknown,
    contentType?: string,
    allow: number[] = [],
  ): Promise<KubeAnswer<T>> {
    const answer = await this.call<T>(method, path, body, contentType);
    if ((answer.status < 200 || answer.status > 299) && !allow.includes(answer.status)) {
      throw new Error(`${method} ${path} → ${answer.status}: ${JSON.stringify(answer.body).slice(0, 3000)}`);
    }
    return answer;
  }

  /**
   * Like must, but a transient failure — a dropped connection, 429, 500, 503 or 504 (etcd timing out on a loaded
   * machine) — is tried again after a pause (0.25, 0.5, 1, 2, 4, 8 s) before it fails the run. For creates, allow
   * 409: a retried POST may have been stored the first time.
   */
  async mustRetry<T = Record<string, unknown>>(
    method: Dispatcher.HttpMethod,
    path: string,
    body?: unknown,
    allow: number[] = [],
  ): Promise<KubeAnswer<T>> {
    for (let attempt = 0; ; attempt++) {
      let failure: unknown;
      try {
        const answer = await this.call<T>(method, path, body);
        if (![429, 500, 503, 504].includes(answer.status)) {
          if ((answer.status < 200 || answer.status > 299) && !allow.includes(answer.status)) {
            throw new FatalAnswer(
              `${method} ${path} → ${answer.status}: ${JSON.stringify(answer.body).slice(0, 3000)}`,
            );
          }
          return answer;
        }
        failure = new Error(`${method} ${path} → ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      } catch (error) {
        if (error instanceof FatalAnswer) throw error;
        failure = error;
      }
      if (attempt >= 6) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }

  /** A namespace (an existing one is fine). */
  async namespace(name: string): Promise<void> {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name } };
    await this.must("POST", "/api/v1/namespaces", ns, undefined, [409]);
  }

  /** Creates a CRD (an existing one is fine) without waiting for it. */
  async createCrd(crd: { metadata: { name: string } }): Promise<void> {
    await this.mustRetry("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, [409]);
  }

  /** Resolves when every named CRD is Established (polling their list). */
  async waitEstablished(names: readonly string[], timeoutMs = 300_000): Promise<void> {
    const want = new Set(names);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const list = await this.must<{ items: CrdStatus[] }>(
        "GET",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
      );
      const ready = list.body.items.filter(
        (crd) =>
          want.has(crd.metadata.name) &&
          crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True"),
      );
      if (ready.length === want.size) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`CRDs not established after ${timeoutMs} ms`);
  }

  /**
   * Creates `count` objects with `concurrency` requests in flight; `make(i)` gives the collection path and the
   * object. Resolves with the achieved rate (objects per second).
   */
  async createMany(
    count: number,
    make: (i: number) => { path: string; object: unknown },
    concurrency = 48,
    onProgress?: (done: number) => void,
  ): Promise<number> {
    const started = performance.now();
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const { path, object } = make(i);
        await this.mustRetry("POST", path, object, [409]);
        if (++done % 10_000 === 0) onProgress?.(done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    return count / ((performance.now() - started) / 1000);
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}

interface CrdStatus {
  metadata: { name: string };
  status?: { conditions?: { type: string; status: string }[] };
}

/** An answer that no retry changes (a 4xx not allowed). */
class FatalAnswer extends Error {}
