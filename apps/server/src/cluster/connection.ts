import type { RequestOptions } from "node:https";
import type { KubeConfig } from "@kubernetes/client-node";
import { Agent, type Dispatcher, fetch, type Response } from "undici";
import { ApiError, type KubernetesStatus } from "../errors.ts";
import { isBackgroundFlow } from "./flow.ts";
import { FairLimiter, type RequestPriority } from "./rate-limiter.ts";
import { sendWithRetries } from "./retry.ts";

/**
 * Requests that may go at once after a quiet spell. kubectl's discovery client allows 300 (at 50 qps) so that a
 * cluster with hundreds of API groups is read without waiting; Loupe's first look at every kind (Problems, search)
 * is the same shape: one list per kind, hundreds of kinds.
 */
const DEFAULT_BURST = 300;

/** Options of a {@link ClusterConnection}. */
export interface ClusterConnectionOptions {
  /** Client-side request rate limit, as client-go's rest.Config (default 50 qps, burst 300 as kubectl's discovery). */
  qps?: number;
  burst?: number;
  /**
   * The separate limit of writes (POST, PUT, PATCH, DELETE; dry runs too), default 200 qps, burst 200: a user's
   * explicit write — a bulk label of 1,000 objects — is not held to the read budget that watches and lists share,
   * and never delays another user's reads. Writes are shared fairly between flows as reads are.
   */
  writeQps?: number;
  writeBurst?: number;
  /** Timeout of a non-streaming request, headers and body (default 30 s). */
  timeoutMs?: number;
  /** `User-Agent` sent to the API server (default `loupe/<version>`). */
  userAgent?: string;
}

export interface KubeRequest {
  method?: string;
  /** Extra headers (Accept, Content-Type, ...); authentication headers are added here. */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** Streaming requests (watches) have no overall timeout: only the caller's signal ends them. */
  stream?: boolean;
  /**
   * A user's bearer token to send instead of the kubeconfig's credentials (per-user auth: Kubernetes RBAC decides
   * for that user). The kubeconfig still supplies the server and the CA to trust.
   */
  token?: string;
  /**
   * Who the request is for, so the client-side rate limit is shared fairly: requests of one flow wait in their own
   * queue, and the queues take turns (see {@link FairLimiter}). A user's REST calls share their user's flow
   * (see `requestFlow`); a reflector's requests are the flow of the WebSocket that started it. Default: Loupe's own.
   */
  flow?: string;
  /**
   * `low`: a request that can wait a little (a watch resuming from a resourceVersion): it yields its turn to the
   * others while the limit is reached (see {@link FairLimiter}). Requests of a {@link backgroundFlow} are all low.
   */
  priority?: RequestPriority;
}

/** Default limit of writes per context (see {@link ClusterConnectionOptions.writeQps}). */
export const DEFAULT_WRITE_QPS = 200;
export const DEFAULT_WRITE_BURST = 200;

/** Whether a request changes something (or asks the API server to try: a dry run): it takes the writes' budget. */
function isWrite(method = "GET"): boolean {
  const verb = method.toUpperCase();
  return verb !== "GET" && verb !== "HEAD" && verb !== "OPTIONS";
}

/** What routes need of a connection: {@link ClusterConnection} itself, or one bound to a user's token. */
export type KubeClient = Pick<ClusterConnection, "context" | "server" | "fetch" | "getJson">;

/**
 * `connection` acting as the holder of `token` (or as itself when there is none), its requests queued as `flow`
 * (see {@link KubeRequest.flow}).
 */
export function asUser(connection: ClusterConnection, token: string | undefined, flow?: string): KubeClient {
  if (!token && flow === undefined) return connection;
  return {
    context: connection.context,
    server: connection.server,
    fetch: (path, request = {}) => connection.fetch(path, { flow, ...request, token }),
    getJson: (path, request = {}) => connection.getJson(path, { flow, ...request, token }),
  };
}

/**
 * One kubeconfig context: the single place that sends HTTP requests to an API server. It owns the TLS agent
 * (kept alive and shared by all requests), adds the user's credentials on every request (so exec and OIDC
 * credentials refresh as client-node refreshes them), applies the client-side QPS limit (shared fairly between
 * flows), and turns a network failure into a 503 {@link ApiError} that names the server. It never interprets
 * response bodies of success.
 */
export class ClusterConnection {
  readonly context: string;
  readonly server: string;
  readonly #kc: KubeConfig;
  readonly #limiter: FairLimiter;
  readonly #writeLimiter: FairLimiter;
  readonly #timeoutMs: number;
  readonly #userAgent: string;
  /** One pooled agent per TLS identity: the kubeconfig's (client certificates included) and the bare one. */
  readonly #agents = new Map<"kubeconfig" | "token", { key: string; agent: Dispatcher }>();

  /** `kc` must have `context` as its current context; the connection reads nothing else from it. */
  constructor(kc: KubeConfig, context: string, options: ClusterConnectionOptions = {}) {
    const cluster = kc.getCurrentCluster();
    if (!cluster || kc.getCurrentContext() !== context)
      throw new Error(`kubeconfig: context ${context} has no cluster`);
    this.#kc = kc;
    this.context = context;
    this.server = cluster.server.replace(/\/+$/, "");
    this.#limiter = new FairLimiter({ qps: options.qps, burst: options.burst ?? DEFAULT_BURST });
    this.#writeLimiter = new FairLimiter({
      qps: options.writeQps ?? DEFAULT_WRITE_QPS,
      burst: options.writeBurst ?? DEFAULT_WRITE_BURST,
    });
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#userAgent = options.userAgent ?? "loupe";
  }

  /**
   * Sends one request to `path` (which starts with `/`, query string included). Resolves with the response
   * whatever its status (after the retries a `Retry-After` asks for); rejects with a 503 ApiError when the server
   * cannot be reached.
   */
  async fetch(path: string, request: KubeRequest = {}): Promise<Response> {
    const timeout = request.stream ? undefined : AbortSignal.timeout(this.#timeoutMs);
    const signals = [request.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
    // A 429 (or a read's 5xx) with Retry-After is retried as client-go does, within bounds (cluster/retry.ts).
    try {
      return await sendWithRetries(request.method ?? "GET", () => this.#send(path, request, signal), signal);
    } catch (error) {
      if (timeout?.aborted && !request.signal?.aborted) throw this.#timedOut(request.method ?? "GET", path);
      throw error;
    }
  }

  /**
   * A request the API server did not answer in time: a 504 naming the request, not "cannot be reached" — the
   * server may be fine and only this kind hang (a dead conversion webhook, an aggregated API that is down).
   */
  #timedOut(method: string, path: string): ApiError {
    return new ApiError(
      504,
      "LOUPE_UPSTREAM_TIMEOUT",
      `The API server of context "${this.context}" did not answer ${method} ${path.split("?")[0]} within ${this.#timeoutMs / 1000} s`,
      { reason: "Timeout" },
    );
  }

  /** One try: waits for the rate limiter of reads or of writes (its turn among the flows waiting), then sends. */
  async #send(path: string, request: KubeRequest, signal: AbortSignal | undefined): Promise<Response> {
    const flow = request.flow ?? "";
    const limiter = isWrite(request.method) ? this.#writeLimiter : this.#limiter;
    await limiter.acquire(flow, signal, isBackgroundFlow(flow) ? "low" : (request.priority ?? "normal"));
    const { headers, dispatcher } = await this.#auth(request.token);
    try {
      return await fetch(`${this.server}${path}`, {
        method: request.method ?? "GET",
        headers: { ...headers, "user-agent": this.#userAgent, ...request.headers },
        body: request.body,
        dispatcher,
        signal,
      });
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw ApiError.upstreamUnavailable(this.context, this.server, error);
    }
  }

  /** GET `path` as JSON; a failure status becomes an ApiError carrying the API server's Status. */
  async getJson<T>(path: string, request: KubeRequest = {}): Promise<T> {
    const response = await this.fetch(path, {
      ...request,
      headers: { accept: "application/json", ...request.headers },
    });
    return readJson<T>(response);
  }

  /** Ends every request still open (watch streams included) and releases the connection pool. */
  async close(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    // Best effort: a pool already destroyed (close called twice as the server stops) rejects, and nothing is left to end.
    await Promise.all(agents.map((a) => a.agent.destroy().catch(() => {})));
  }

  /**
   * client-node computes credentials and TLS material per call (and would make a new agent each time through
   * applySecurityAuthentication); we take the headers from it every time but rebuild our pooled agent only when
   * the TLS material changes (e.g. an exec plugin rotated a client certificate).
   */
  async #auth(token: string | undefined): Promise<{ headers: Record<string, string>; dispatcher: Dispatcher }> {
    const options: RequestOptions = {};
    await this.#kc.applyToHTTPSOptions(options);
    const headers: Record<string, string> = {};
    if (token) {
      headers.authorization = `Bearer ${token}`;
    } else {
      for (const [name, value] of Object.entries(options.headers ?? {})) {
        if (value !== undefined) headers[name.toLowerCase()] = String(value);
      }
    }
    const tls = {
      ca: options.ca as string | Buffer | undefined,
      // A user's token replaces the kubeconfig's identity entirely, client certificate included.
      cert: token ? undefined : (options.cert as string | Buffer | undefined),
      key: token ? undefined : (options.key as string | Buffer | undefined),
      rejectUnauthorized: options.rejectUnauthorized,
      servername: options.servername,
    };
    const slot = token ? "token" : "kubeconfig";
    const key = JSON.stringify(tls);
    let entry = this.#agents.get(slot);
    if (entry?.key !== key) {
      void entry?.agent.close();
      entry = { key, agent: new Agent({ connect: tls, keepAliveTimeout: 30_000 }) };
      this.#agents.set(slot, entry);
    }
    return { headers, dispatcher: entry.agent };
  }
}

/** Reads a JSON body; a non-2xx response becomes an ApiError with the API server's Status. */
export async function readJson<T>(response: Response): Promise<T> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // The request's timeout ran out while its body was still coming.
    if ((error as Error).name === "TimeoutError") {
      throw new ApiError(504, "LOUPE_UPSTREAM_TIMEOUT", "The API server did not finish its answer in time", {
        reason: "Timeout",
      });
    }
    throw error;
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const status = body && typeof body === "object" ? (body as KubernetesStatus) : { message: text.slice(0, 500) };
    throw ApiError.fromStatus(response.status, status);
  }
  return body as T;
}
