import { getHeapSpaceStatistics } from "node:v8";
import type { FastifyPluginAsync } from "fastify";

/** A monotonically increasing count. */
export class Counter {
  #value = 0;

  inc(by = 1): void {
    this.#value += by;
  }

  get value(): number {
    return this.#value;
  }
}

/** A value that goes up and down, or is read from `collect` at scrape time. */
export class Gauge {
  #value = 0;
  readonly #collect: (() => number) | undefined;

  constructor(collect?: () => number) {
    this.#collect = collect;
  }

  inc(by = 1): void {
    this.#value += by;
  }

  dec(by = 1): void {
    this.#value -= by;
  }

  set(value: number): void {
    this.#value = value;
  }

  get value(): number {
    return this.#collect ? this.#collect() : this.#value;
  }
}

interface Entry {
  name: string;
  help: string;
  type: "counter" | "gauge";
  metric: Counter | Gauge;
}

/**
 * The metrics of one app instance (not process-global, so tests can build many apps), rendered in the Prometheus
 * text exposition format by {@link metricsRoutes}. Names must be unique and follow Prometheus' naming rules.
 */
export class MetricsRegistry {
  readonly #entries = new Map<string, Entry>();

  counter(name: string, help: string): Counter {
    const counter = new Counter();
    this.#add({ name, help, type: "counter", metric: counter });
    return counter;
  }

  gauge(name: string, help: string, collect?: () => number): Gauge {
    const gauge = new Gauge(collect);
    this.#add({ name, help, type: "gauge", metric: gauge });
    return gauge;
  }

  /** Text format 0.0.4: `# HELP`, `# TYPE` and one sample per metric. */
  render(): string {
    let text = "";
    for (const { name, help, type, metric } of this.#entries.values()) {
      text += `# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n`;
      text += `# TYPE ${name} ${type}\n${name} ${metric.value}\n`;
    }
    return text;
  }

  #add(entry: Entry): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(entry.name)) throw new Error(`invalid metric name ${entry.name}`);
    if (this.#entries.has(entry.name)) throw new Error(`metric ${entry.name} registered twice`);
    this.#entries.set(entry.name, entry);
  }
}

/**
 * The process's memory, read at scrape time: resident set size and V8's heap, with the young generation apart
 * (V8 grows it up to its limit under a burst of allocation and keeps it, so it explains RSS that is not retained
 * objects).
 */
export function registerProcessMetrics(metrics: MetricsRegistry): void {
  const space = (name: string) => () =>
    getHeapSpaceStatistics().find((s) => s.space_name === name)?.physical_space_size ?? 0;
  metrics.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", () => process.memoryUsage.rss());
  metrics.gauge(
    "nodejs_heap_used_bytes",
    "V8 heap in use by live and not yet collected objects, in bytes.",
    () => process.memoryUsage().heapUsed,
  );
  metrics.gauge("nodejs_heap_total_bytes", "V8 heap committed, in bytes.", () => process.memoryUsage().heapTotal);
  metrics.gauge(
    "nodejs_heap_new_space_bytes",
    "V8 young generation (new space) committed, in bytes.",
    space("new_space"),
  );
  metrics.gauge(
    "nodejs_external_memory_bytes",
    "Memory of C++ objects bound to JS objects (buffers), in bytes.",
    () => process.memoryUsage().external,
  );
}

/** `GET /metrics`: the registry in the Prometheus text format. */
export const metricsRoutes: FastifyPluginAsync<{ metrics: MetricsRegistry }> = async (app, { metrics }) => {
  app.get("/metrics", { config: { access: "public" } }, async (_request, reply) => {
    reply.header("content-type", "text/plain; version=0.0.4; charset=utf-8");
    return metrics.render();
  });
};
