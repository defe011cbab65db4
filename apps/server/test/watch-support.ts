import { KubeConfig } from "@kubernetes/client-node";
import {
  type ErrorMessage,
  type KubeObject,
  ServerMessage,
  type SubscribeMessage,
  WATCH_PATH,
  type WatchEvent,
  type WatchState,
  type WatchTarget,
} from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import WebSocket from "ws";
import { type AppOptions, buildApp } from "../src/app.ts";
import { type ClusterConnection, readJson } from "../src/cluster/connection.ts";
import { ContextRegistry } from "../src/cluster/contexts.ts";

/** A listening app (port 0) and its URLs. */
export interface RunningApp {
  app: FastifyInstance;
  baseUrl: string;
  watchUrl: string;
}

export async function listenApp(kubeconfigPath: string, options: Partial<AppOptions> = {}): Promise<RunningApp> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const app = await buildApp({ kubeConfig: kc, ...options });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}`, watchUrl: `ws://127.0.0.1:${port}${WATCH_PATH}` };
}

/**
 * One sample of `/metrics`, uncompressed: the sampler must not make the server it measures allocate (a gzip
 * stream's native memory is freed a moment after the response, which a memory figure taken then would count).
 */
export async function metric(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`, { headers: { "accept-encoding": "identity" } })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no metric ${name}`);
  return Number(line.slice(name.length + 1));
}

/** The test's own client of the API server (not Loupe's): no rate limit, for writes at full speed. */
export function testKube(kubeconfigPath: string, context = "loupe-local"): { kube: Kube; close: () => Promise<void> } {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const registry = new ContextRegistry(kc, { qps: 1_000_000, burst: 1_000_000, userAgent: "loupe-test" });
  return { kube: new Kube(registry.get(context)), close: () => registry.close() };
}

export class Kube {
  readonly #connection: ClusterConnection;

  constructor(connection: ClusterConnection) {
    this.#connection = connection;
  }

  /** A JSON request; failures throw the API server's Status as an ApiError. */
  async request<T = KubeObject>(method: string, path: string, body?: unknown, contentType = "application/json") {
    const response = await this.#connection.fetch(path, {
      method,
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": contentType }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return readJson<T>(response);
  }

  /**
   * Creates a namespace and waits until the controller-manager has given it what every namespace gets (the
   * `kube-root-ca.crt` ConfigMap, the `default` ServiceAccount), so that nothing but the test writes there after.
   */
  async namespace(name: string): Promise<void> {
    await this.request("POST", "/api/v1/namespaces", { metadata: { name } });
    for (const path of [`configmaps/kube-root-ca.crt`, `serviceaccounts/default`]) {
      await waitFor(
        `${path} in namespace ${name}`,
        () =>
          this.request("GET", `/api/v1/namespaces/${name}/${path}`).then(
            () => true,
            () => false,
          ),
        30_000,
      );
    }
  }

  /** Whether a watch from `resourceVersion` is refused as expired (410, as HTTP status or ERROR event). */
  async expired(path: string, resourceVersion: string): Promise<boolean> {
    const query = new URLSearchParams({ watch: "1", resourceVersion, timeoutSeconds: "1" });
    const response = await this.#connection.fetch(`${path}?${query}`, { headers: { accept: "application/json" } });
    const text = await response.text();
    return response.status === 410 || /"type":"ERROR".*"code":410/.test(text);
  }

  /** uid and resourceVersion of every object of a collection, by namespace/name. */
  async state(path: string): Promise<Map<string, string>> {
    const list = await this.request<{ items: KubeObject[] }>("GET", path);
    return new Map(list.items.map((o) => [keyOf(o), `${o.metadata.uid}@${o.metadata.resourceVersion}`]));
  }
}

/** Collection path of a target, as the API server names it. */
export function pathOf(target: WatchTarget): string {
  const base = target.group === "" ? `/api/${target.version}` : `/apis/${target.group}/${target.version}`;
  const ns = target.namespace ? `/namespaces/${target.namespace}` : "";
  const query = new URLSearchParams();
  if (target.labelSelector) query.set("labelSelector", target.labelSelector);
  if (target.fieldSelector) query.set("fieldSelector", target.fieldSelector);
  return `${base}${ns}/${target.resource}${query.size ? `?${query}` : ""}`;
}

function keyOf(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : name;
}

/** What a client knows of one subscription: uid@resourceVersion by namespace/name, and what it heard. */
export interface View {
  items: Map<string, string>;
  statuses: WatchState[];
  snapshots: number;
  events: WatchEvent[];
  columns: number;
  resourceVersion: string;
}

/**
 * A real WebSocket client of the watch endpoint (the `ws` package, so tests can set Origin and pause reading),
 * that merges snapshots and events per subscription the way the browser does.
 */
export class WatchClient {
  readonly socket: WebSocket;
  readonly views = new Map<string, View>();
  readonly errors: ErrorMessage[] = [];
  /** Keep every event in views (memory-hungry; off for big runs). */
  keepEvents = true;
  received = 0;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on("message", (data) => this.#receive(ServerMessage.parse(JSON.parse(data.toString()))));
  }

  static connect(
    url: string,
    options: { origin?: string; autoPong?: boolean; headers?: Record<string, string> } = {},
  ): Promise<WatchClient> {
    const socket = new WebSocket(url, {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      autoPong: options.autoPong ?? true,
    });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new WatchClient(socket)));
      socket.once("error", reject);
      socket.once("unexpected-response", (request, response) => {
        // The refused upgrade's HTTP exchange must be ended here, or it keeps a connection to the server open.
        request.destroy();
        reject(new Error(`upgrade refused: ${response.statusCode}`));
      });
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  subscribe(id: string, target: WatchTarget): void {
    this.views.delete(id);
    const message: SubscribeMessage = { type: "subscribe", id, ...target };
    this.send(message);
  }

  unsubscribe(id: string): void {
    this.views.delete(id);
    this.send({ type: "unsubscribe", id });
  }

  view(id: string): View {
    let view = this.views.get(id);
    if (!view) {
      view = { items: new Map(), statuses: [], snapshots: 0, events: [], columns: 0, resourceVersion: "" };
      this.views.set(id, view);
    }
    return view;
  }

  close(): void {
    this.socket.terminate();
  }

  #receive(message: ServerMessage): void {
    this.received++;
    if (message.type === "error") {
      this.errors.push(message);
      return;
    }
    const view = this.view(message.id);
    switch (message.type) {
      case "snapshot": {
        const objects = "rows" in message ? message.rows.map((r) => r.object) : message.items;
        view.items = new Map(objects.map((o) => [keyOf(o), `${o.metadata.uid}@${o.metadata.resourceVersion}`]));
        view.snapshots++;
        view.columns = "columns" in message ? message.columns.length : 0;
        view.resourceVersion = message.resourceVersion;
        break;
      }
      case "events":
        for (const event of message.events) {
          const object = "row" in event ? event.row.object : event.object;
          if (event.type === "DELETED") view.items.delete(keyOf(object));
          else view.items.set(keyOf(object), `${object.metadata.uid}@${object.metadata.resourceVersion}`);
          view.resourceVersion = object.metadata.resourceVersion ?? view.resourceVersion;
          if (this.keepEvents) view.events.push(event);
        }
        break;
      case "status":
        view.statuses.push(message.state);
        break;
    }
  }
}

/** Polls `check` until it returns true; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Map equality for views and states. */
export function sameState(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

/** Runs `tasks` with at most `concurrency` in flight. */
export async function pool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}
