import { type QueryHit, type QueryProgressMessage, type QuerySpec, ServerMessage } from "@loupe/protocol";
import WebSocket from "ws";

/** What a client knows of one query subscription. */
export interface QueryView {
  hits: Map<string, QueryHit>;
  snapshots: number;
  added: QueryHit[];
  deleted: QueryHit[];
  progress: QueryProgressMessage | undefined;
  states: string[];
  errors: { code: string; message: string }[];
}

/** A `ws` client of the watch socket that runs queries and merges their hits by kind/namespace/name. */
export class QueryClient {
  readonly socket: WebSocket;
  readonly views = new Map<string, QueryView>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on("message", (data) => this.#receive(ServerMessage.parse(JSON.parse(data.toString()))));
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<QueryClient> {
    const socket = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new QueryClient(socket)));
      socket.once("error", reject);
    });
  }

  query(id: string, context: string, query: QuerySpec): QueryView {
    this.socket.send(JSON.stringify({ type: "query", id, context, query }));
    return this.view(id);
  }

  unsubscribe(id: string): void {
    this.socket.send(JSON.stringify({ type: "unsubscribe", id }));
  }

  view(id: string): QueryView {
    let view = this.views.get(id);
    if (!view) {
      view = { hits: new Map(), snapshots: 0, added: [], deleted: [], progress: undefined, states: [], errors: [] };
      this.views.set(id, view);
    }
    return view;
  }

  close(): void {
    this.socket.terminate();
  }

  #receive(message: ServerMessage): void {
    if (message.type === "error") {
      if (message.id) this.view(message.id).errors.push({ code: message.code, message: message.message });
      return;
    }
    const view = this.view(message.id);
    switch (message.type) {
      case "snapshot":
        view.snapshots++;
        view.hits = new Map(
          ("items" in message ? message.items : []).map((o) => [hitKey(o as QueryHit), o as QueryHit]),
        );
        break;
      case "events":
        for (const event of message.events) {
          if (!("object" in event)) continue;
          const hit = event.object as QueryHit;
          if (event.type === "DELETED") {
            view.hits.delete(hitKey(hit));
            view.deleted.push(hit);
          } else {
            view.hits.set(hitKey(hit), hit);
            if (event.type === "ADDED") view.added.push(hit);
          }
        }
        break;
      case "status":
        view.states.push(message.state);
        break;
      case "progress":
        view.progress = message;
        break;
    }
  }
}

/** `resource/namespace/name` of a hit. */
export function hitKey(hit: QueryHit): string {
  return `${hit.hit.resource}/${hit.metadata.namespace ?? ""}/${hit.metadata.name}`;
}
