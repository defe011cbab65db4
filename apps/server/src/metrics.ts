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

/** `GET /metrics`: the registry in the Prometheus text format. */
export const metricsRoutes: FastifyPluginAsync<{ metrics: MetricsRegistry }> = async (app, { metrics }) => {
  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", "text/plain; version=0.0.4; charset=utf-8");
    return metrics.render();
  });
};
