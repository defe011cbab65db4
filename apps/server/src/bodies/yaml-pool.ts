import { Worker } from "node:worker_threads";
import { type BodyLimits, type BodyRefusal, type Parsed, refuse } from "./limits.ts";
import type { YamlAnswer, YamlJob } from "./yaml-worker.ts";

interface Pending {
  job: YamlJob;
  resolve: (parsed: Parsed) => void;
  reject: (error: Error) => void;
}

/**
 * A small pool of worker threads that parse YAML bodies (yaml.ts), so that no YAML body holds the server's event
 * loop. Workers start on first use and do not keep the process alive. A parse that outlives `yamlTimeoutMs`, or needs
 * more heap than `yamlWorkerHeapMb`, is stopped (its worker terminated and replaced) and the body refused; jobs wait
 * their turn in a bounded queue, past which a body is refused as "busy".
 */
export class YamlPool {
  readonly #limits: BodyLimits;
  readonly #size: number;
  readonly #maxQueue: number;
  #idle: Worker[] = [];
  readonly #running = new Map<Worker, { pending: Pending; timer: NodeJS.Timeout }>();
  readonly #queue: Pending[] = [];
  #nextId = 0;
  #closed = false;

  constructor(limits: BodyLimits, options: { size?: number; maxQueue?: number } = {}) {
    this.#limits = limits;
    this.#size = options.size ?? 2;
    this.#maxQueue = options.maxQueue ?? 32;
  }

  /** Parses `text` in a worker; `wantValue` false only checks it (the value is not sent back). */
  parse(text: string, wantValue: boolean): Promise<Parsed> {
    if (this.#closed || this.#queue.length >= this.#maxQueue) return Promise.resolve({ refusal: refuse.busy() });
    const { maxDepth, maxYamlNodes, maxYamlAliases } = this.#limits;
    const job: YamlJob = { id: ++this.#nextId, text, limits: { maxDepth, maxYamlNodes, maxYamlAliases }, wantValue };
    return new Promise((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      this.#dispatch();
    });
  }

  /** Workers now running (busy or idle); for tests. */
  get workers(): number {
    return this.#idle.length + this.#running.size;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0)) pending.resolve({ refusal: refuse.busy() });
    const workers = [...this.#idle, ...this.#running.keys()];
    for (const worker of workers) this.#stop(worker, refuse.busy());
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0 && !this.#closed) {
      const worker = this.#idle.pop() ?? (this.workers < this.#size ? this.#spawn() : undefined);
      if (!worker) return;
      const pending = this.#queue.shift() as Pending;
      const seconds = this.#limits.yamlTimeoutMs / 1000;
      const timer = setTimeout(
        () => this.#stop(worker, refuse.tooCostly(`it took longer than ${seconds} s`)),
        this.#limits.yamlTimeoutMs,
      );
      timer.unref();
      this.#running.set(worker, { pending, timer });
      worker.postMessage(pending.job);
    }
  }

  #spawn(): Worker {
    const heap = this.#limits.yamlWorkerHeapMb;
    const worker = new Worker(new URL("./yaml-worker.ts", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: heap },
    });
    worker.unref();
    worker.on("message", (answer: YamlAnswer) => {
      const running = this.#running.get(worker);
      if (!running || running.pending.job.id !== answer.id) return;
      clearTimeout(running.timer);
      this.#running.delete(worker);
      this.#idle.push(worker);
      running.pending.resolve("refusal" in answer ? { refusal: answer.refusal } : { value: answer.value });
      this.#dispatch();
    });
    worker.on("error", (error: Error & { code?: string }) => {
      const outOfMemory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.#stop(worker, outOfMemory ? refuse.tooCostly(`it needs more than ${heap} MB of memory`) : error);
    });
    worker.on("exit", () => this.#stop(worker, new Error("a YAML worker stopped unexpectedly")));
    return worker;
  }

  /** Ends a worker; the job it was running, if any, is refused (a limit) or fails (anything else). */
  #stop(worker: Worker, outcome: BodyRefusal | Error): void {
    this.#idle = this.#idle.filter((w) => w !== worker);
    const running = this.#running.get(worker);
    this.#running.delete(worker);
    if (running) {
      clearTimeout(running.timer);
      if (outcome instanceof Error) running.pending.reject(outcome);
      else running.pending.resolve({ refusal: outcome });
    }
    void worker.terminate();
    this.#dispatch();
  }
}
