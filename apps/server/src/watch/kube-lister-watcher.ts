import type { KubeObject, TableColumn, TableRow } from "@loupe/protocol";
import { type KubeClient, readJson } from "../cluster/connection.ts";
import { ApiError, type KubernetesStatus } from "../errors.ts";
import type { ListerWatcher, ListOptions, ListPage, UpstreamEvent, WatchItem, WatchOptions } from "./lister-watcher.ts";
import { slimRow, tableIncludeObject } from "./slim-row.ts";
import { collectionPath, type WatchKey } from "./watch-key.ts";

/** Table rows (DESIGN §4); the JSON fallback is for servers that cannot make Tables. */
const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io, application/json";

interface ListBody {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
  columnDefinitions?: TableColumn[] | null;
  rows?: TableRow[];
}

/**
 * Lists and watches one {@link WatchKey} through its context's {@link ClusterConnection} (the only place that
 * sends requests to an API server). Watch bodies are newline-delimited JSON, split here rather than by
 * client-node's `Watch`, which cuts quiet streams after 30 s and cannot ask for Tables (DESIGN §5).
 *
 * In table mode each row embeds the whole object (metadata only for the kinds of {@link tableIncludeObject}), which
 * is cut at once to metadata and a bounded status with its health verdict attached (see {@link slimRow}): the
 * store never holds a spec, managedFields or Secret data.
 */
export class KubeListerWatcher implements ListerWatcher {
  readonly #connection: KubeClient;
  readonly #key: WatchKey;
  readonly #path: string;

  constructor(connection: KubeClient, key: WatchKey) {
    this.#connection = connection;
    this.#key = key;
    this.#path = collectionPath(key);
  }

  async list(options: ListOptions): Promise<ListPage> {
    const query = this.#query();
    if (options.limit !== undefined) query.set("limit", String(options.limit));
    if (options.continue) query.set("continue", options.continue);
    const body = await this.#connection.getJson<ListBody>(`${this.#path}?${query}`, {
      headers: { accept: this.#accept() },
      signal: options.signal,
    });
    const resourceVersion = body.metadata?.resourceVersion ?? "";
    const next = body.metadata?.continue || undefined;
    if (body.kind === "Table") {
      const rows = (body.rows ?? []).map((row) => this.#slim(row));
      return { resourceVersion, continue: next, items: rows, columns: body.columnDefinitions ?? [] };
    }
    // List items carry no kind/apiVersion (watch events do): fill them in so every object looks alike.
    const kind = body.kind?.replace(/List$/, "");
    const items: WatchItem[] = (body.items ?? []).map((item) => ({ kind, apiVersion: body.apiVersion, ...item }));
    if (!this.#key.table) return { resourceVersion, continue: next, items, columns: undefined };
    return { resourceVersion, continue: next, items: items.map((item) => this.#slim(item)), columns: [] };
  }

  async watch(options: WatchOptions): Promise<AsyncIterable<UpstreamEvent>> {
    const query = this.#query();
    query.set("watch", "1");
    query.set("allowWatchBookmarks", "true");
    query.set("resourceVersion", options.resourceVersion);
    query.set("timeoutSeconds", String(options.timeoutSeconds));
    const response = await this.#connection.fetch(`${this.#path}?${query}`, {
      stream: true,
      // It resumes from the list's resourceVersion: waiting while other kinds are listed loses nothing.
      priority: "low",
      signal: options.signal,
      headers: { accept: this.#accept() },
    });
    if (!response.ok || !response.body) {
      await readJson(response);
      throw new ApiError(502, "LOUPE_WATCH_NO_BODY", "the API server answered a watch without a body");
    }
    const events = decodeEvents(splitLines(response.body));
    return this.#key.table ? this.#slimEvents(events) : events;
  }

  #slim(item: WatchItem): WatchItem {
    const slim = slimRow(item, this.#key.group, this.#key.resource);
    // Custom columns (key `objects`) are computed over the whole object: keep it, with its health verdict.
    if (this.#key.objects === true && "cells" in item && "object" in item) {
      return { ...slim, object: (item as TableRow).object };
    }
    return slim;
  }

  async *#slimEvents(events: AsyncIterable<UpstreamEvent>): AsyncGenerator<UpstreamEvent> {
    for await (const event of events) {
      yield "item" in event ? { ...event, item: this.#slim(event.item) } : event;
    }
  }

  #query(): URLSearchParams {
    const query = new URLSearchParams();
    if (this.#key.labelSelector) query.set("labelSelector", this.#key.labelSelector);
    if (this.#key.fieldSelector) query.set("fieldSelector", this.#key.fieldSelector);
    if (this.#key.table) {
      const include = this.#key.objects === true ? "Object" : tableIncludeObject(this.#key.group, this.#key.resource);
      query.set("includeObject", include);
    }
    return query;
  }

  #accept(): string {
    return this.#key.table ? TABLE_ACCEPT : "application/json";
  }
}

/** Splits a byte stream into lines (newline-delimited JSON); empty lines are skipped. */
export async function* splitLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = buffered.indexOf("\n"); end !== -1; end = buffered.indexOf("\n", start)) {
      const line = buffered.slice(start, end).trim();
      if (line) yield line;
      start = end + 1;
    }
    buffered = buffered.slice(start);
  }
  const rest = (buffered + decoder.decode()).trim();
  if (rest) yield rest;
}

interface RawEvent {
  type?: string;
  object?: {
    kind?: string;
    metadata?: { resourceVersion?: string };
    rows?: TableRow[];
  } & KubernetesStatus;
}

/**
 * Turns watch lines into events. In table mode each event's object is a one-row Table (columnDefinitions only on
 * the first); the row is the item. A line that is not a watch event breaks the stream (the reflector re-watches).
 */
export async function* decodeEvents(lines: AsyncIterable<string>): AsyncGenerator<UpstreamEvent> {
  for await (const line of lines) {
    const event = JSON.parse(line) as RawEvent;
    const object = event.object;
    if (!object || typeof object !== "object")
      throw new Error(`watch: a line without an object: ${line.slice(0, 200)}`);
    const resourceVersion = object.metadata?.resourceVersion ?? "";
    switch (event.type) {
      case "BOOKMARK":
        yield { type: "BOOKMARK", resourceVersion };
        break;
      case "ERROR":
        yield { type: "ERROR", status: object };
        break;
      case "ADDED":
      case "MODIFIED":
      case "DELETED": {
        const item: WatchItem | undefined = object.kind === "Table" ? object.rows?.[0] : (object as KubeObject);
        if (!item) throw new Error(`watch: a Table event without a row: ${line.slice(0, 200)}`);
        yield { type: event.type, item, resourceVersion };
        break;
      }
      default:
        throw new Error(`watch: unknown event type ${String(event.type)}`);
    }
  }
}
