import { Worker } from "node:worker_threads";
import type { SubscriberAnswer, SubscriberRequest } from "./subscriber-worker.ts";
import type { WatchTarget } from "./watch-clients.ts";

/**
 * The main thread's handle on the subscribers' worker (subscriber-worker.ts): Loupe WebSocket clients opened, read
 * and closed there. One request at a time.
 */
export class Subscribers {
  readonly #worker = new Worker(new URL("./subscriber-worker.ts", import.meta.url));
  #queue: Promise<unknown> = Promise.resolve();

  /** Opens clients (each with one subscription per target) until there are `clients`. */
  async open(url: string, targets: WatchTarget[], clients: number): Promise<void> {
    await this.#ask({ op: "open", url, targets, clients });
  }

  /** Per client, when `<tag>:0…count-1` arrived (clockMs(); NaN: never). */
  async collect(tag: string, count: number): Promise<Float64Array[]> {
    const answer = await this.#ask({ op: "collect", tag, count });
    return answer.op === "collect" ? answer.arrivals : [];
  }

  /** Events of `<tag>:0…count-1` not yet seen, summed over clients. */
  async missing(tag: string, count: number): Promise<number> {
    const answer = await this.#ask({ op: "missing", tag, count });
    return answer.op === "missing" ? answer.missing : Number.NaN;
  }

  async clear(): Promise<void> {
    await this.#ask({ op: "clear" });
  }

  async close(): Promise<void> {
    await this.#ask({ op: "close" }).catch(() => {});
    await this.#worker.terminate();
  }

  #ask(request: SubscriberRequest): Promise<SubscriberAnswer> {
    const next = this.#queue.then(
      () =>
        new Promise<SubscriberAnswer>((resolve, reject) => {
          const onError = (error: Error) => reject(error);
          this.#worker.once("error", onError);
          this.#worker.once("message", (answer: SubscriberAnswer) => {
            this.#worker.off("error", onError);
            if (answer.op === "error") reject(new Error(`subscribers: ${answer.message}`));
            else resolve(answer);
          });
          this.#worker.postMessage(request);
        }),
    );
    this.#queue = next.catch(() => {});
    return next;
  }
}
