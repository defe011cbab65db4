import { Agent, request } from "undici";
import type { BenchCluster } from "./kube.ts";
import { clockMs, STAMP, stampOf } from "./watch-clients.ts";

/** What a paced run of writes did. */
export interface WriteRun {
  /** Write k's send time (clockMs()); its stamp is `<tag>:<k>`. */
  sent: Float64Array;
  /** Writes the API server accepted (2xx). */
  ok: number;
  failed: number;
  /** Writes per second achieved: accepted writes over the time from the first send to the last answer. */
  achievedPerSecond: number;
  /** How late sends were against the fixed schedule (ms): p50 and max. */
  lateP50: number;
  lateMax: number;
}

/**
 * Writes on a fixed schedule: write k is due at start + k / rate, sent from a pool of `connections` keep-alive
 * connections (so 1,000/s does not wait on one connection's round trips). Each write is a merge patch setting the
 * {@link STAMP} label of object `names[k % names.length]` to `<tag>:<k>`. When `maxInFlight` writes are
 * unanswered, sending waits (and the lateness is reported).
 */
export class PacedWriter {
  readonly #agent: Agent;
  readonly #server: string;
  readonly #token: string;

  constructor(cluster: BenchCluster, connections = 32) {
    this.#agent = new Agent({ connect: { ca: cluster.caData }, connections, keepAliveTimeout: 60_000 });
    this.#server = cluster.server;
    this.#token = cluster.tokens.admin;
  }

  async run(options: {
    collectionPath: string;
    names: readonly string[];
    tag: string;
    rate: number;
    seconds: number;
    maxInFlight?: number;
  }): Promise<WriteRun> {
    const { collectionPath, names, tag, rate, seconds } = options;
    const maxInFlight = options.maxInFlight ?? 128;
    const total = Math.round(rate * seconds);
    const interval = 1000 / rate;
    const sent = new Float64Array(total);
    const late: number[] = [];
    let ok = 0;
    let failed = 0;
    let inFlight = 0;
    let lastAnswer = 0;
    let wake: (() => void) | undefined;
    const pending: Promise<void>[] = [];

    const send = (k: number) => {
      const stamp = stampOf(tag, k);
      const name = names[k % names.length] as string;
      const body = JSON.stringify({ metadata: { labels: { [STAMP]: stamp } } });
      inFlight++;
      sent[k] = clockMs();
      const done = request(`${this.#server}${collectionPath}/${name}`, {
        dispatcher: this.#agent,
        method: "PATCH",
        headers: {
          authorization: `Bearer ${this.#token}`,
          accept: "application/json",
          "content-type": "application/merge-patch+json",
        },
        body,
      })
        .then(async (response) => {
          await response.body.dump();
          if (response.statusCode >= 200 && response.statusCode < 300) ok++;
          else failed++;
        })
        .catch(() => {
          failed++;
        })
        .finally(() => {
          inFlight--;
          lastAnswer = performance.now();
          wake?.();
        });
      pending.push(done);
    };

    const start = performance.now() + 20;
    let k = 0;
    while (k < total) {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) / interval) + 1);
      while (k < due && inFlight < maxInFlight) {
        late.push(performance.now() - (start + k * interval));
        send(k++);
      }
      if (k >= total) break;
      if (inFlight >= maxInFlight) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      } else {
        const nextDue = start + k * interval;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextDue - performance.now())));
      }
    }
    await Promise.all(pending);
    late.sort((a, b) => a - b);
    const elapsed = (lastAnswer - start) / 1000;
    return {
      sent,
      ok,
      failed,
      achievedPerSecond: ok / elapsed,
      lateP50: late[Math.floor(late.length / 2)] ?? 0,
      lateMax: late.at(-1) ?? 0,
    };
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}
