import type { ProblemKind, ProblemRow, ProblemsQuery, WatchState } from "@loupe/protocol";
import WebSocket from "ws";

/** A Problems subscription as a client holds it: rows by `kind uid`, kinds by id, and what it heard. */
export interface ProblemsState {
  rows: Map<string, ProblemRow>;
  kinds: Map<string, ProblemKind>;
  total: number;
  snapshots: number;
  statuses: WatchState[];
  errors: string[];
}

/** A raw WebSocket client of Problems subscriptions, applying messages as the browser does. */
export class ProblemsClient {
  readonly socket: WebSocket;
  readonly states = new Map<string, ProblemsState>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on("message", (data) => this.#receive(JSON.parse(data.toString())));
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<ProblemsClient> {
    const socket = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new ProblemsClient(socket)));
      socket.once("error", reject);
      socket.once("unexpected-response", (request, response) => {
        request.destroy();
        reject(new Error(`upgrade refused: ${response.statusCode}`));
      });
    });
  }

  subscribe(id: string, context: string, query: Omit<ProblemsQuery, "kind"> = {}): void {
    this.socket.send(JSON.stringify({ type: "query", id, context, query: { kind: "problems", ...query } }));
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  state(id: string): ProblemsState {
    let state = this.states.get(id);
    if (!state) {
      state = { rows: new Map(), kinds: new Map(), total: 0, snapshots: 0, statuses: [], errors: [] };
      this.states.set(id, state);
    }
    return state;
  }

  /** The row of an object by name, if held. */
  row(id: string, name: string, namespace?: string): ProblemRow | undefined {
    for (const row of this.state(id).rows.values()) {
      const meta = row.object.metadata;
      if (meta.name === name && (namespace === undefined || meta.namespace === namespace)) return row;
    }
    return undefined;
  }

  close(): void {
    this.socket.terminate();
  }

  #receive(message: any): void {
    if (message.type === "error") {
      this.state(message.id ?? "").errors.push(`${message.code}: ${message.message}`);
      return;
    }
    const state = this.state(message.id);
    const key = (row: ProblemRow) => `${row.kind} ${row.object.metadata.uid}`;
    switch (message.type) {
      case "status":
        state.statuses.push(message.state);
        break;
      case "problems":
        state.snapshots++;
        state.rows = new Map(message.rows.map((r: ProblemRow) => [key(r), r]));
        state.kinds = new Map(message.kinds.map((k: ProblemKind) => [k.id, k]));
        state.total = message.total;
        break;
      case "problem-events":
        for (const event of message.events) {
          if (event.type === "DELETED") state.rows.delete(key(event.row));
          else state.rows.set(key(event.row), event.row);
        }
        state.total = message.total;
        break;
      case "problem-kinds":
        for (const kind of message.kinds) state.kinds.set(kind.id, kind);
        for (const id of message.removed) state.kinds.delete(id);
        state.total = message.total;
        break;
    }
  }
}
