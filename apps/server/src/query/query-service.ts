import type { CatalogResource, KubeObject, QuerySpec } from "@loupe/protocol";
import { QUERY_LIMITS } from "@loupe/protocol";
import type { CatalogRegistry } from "../discovery/registry.ts";
import { ApiError } from "../errors.ts";
import { computeHealth } from "../health/index.ts";
import { type CelProgram, celToJson, compileCelQuery } from "./cel.ts";
import { kindPatternMatcher } from "./kind-patterns.ts";
import { parseLabelSelector } from "./label-selector.ts";
import type { ObjectSource } from "./object-source.ts";
import { type HitMatcher, type QueryListener, QueryRunner } from "./query-runner.ts";
import { kindNames, matchObject, searchTerms } from "./search-match.ts";

/** A subscriber's handle on a (shared) query. */
export interface QueryHandle {
  /** The hits now, as a snapshot message's body (UTF-8 JSON). */
  snapshotBytes(): Buffer;
  progress(): ReturnType<QueryRunner["progress"]>;
  hits(): ReturnType<QueryRunner["hits"]>;
  /** Leaves the query; idempotent. */
  close(): void;
}

/** What the watch socket, the REST routes and MCP need of queries. */
export interface QuerySessions {
  /**
   * Joins the query `spec` on `context` as `identity` (started if nobody runs it). Rejects with a 400 ApiError for
   * an invalid query (a CEL error names its line and column), 404 for an unknown context.
   */
  open(context: string, identity: string, spec: QuerySpec, listener: QueryListener): Promise<QueryHandle>;
}

export interface QueryServiceOptions {
  catalogs: CatalogRegistry;
  source: ObjectSource;
  /** See QueryRunnerOptions.kindTimeoutMs (default 10 s). */
  kindTimeoutMs?: number;
  /** A query nobody listens to keeps running this long, for a reload or a second tab (default 10 s). */
  lingerMs?: number;
  /** Kinds one query may cover (default 2,000). */
  maxKinds?: number;
}

/** Kinds search leaves out: Events come and go by the thousand and name other objects. */
const UNSEARCHED = new Set(["/events", "events.k8s.io/events"]);

interface Entry {
  runner: QueryRunner;
  listeners: number;
  linger: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Cross-kind queries (DESIGN §12), shared: equal queries (same context, identity and spec) share one
 * {@link QueryRunner}, as equal watches share a reflector; the runner reads the shared caches of the
 * {@link ObjectSource}. Which kinds a query covers comes from the context's catalog: every resource of its
 * preferred version that can be listed and watched (search leaves out Events; CEL queries take the kinds their
 * patterns name).
 */
export class QueryService implements QuerySessions {
  readonly #options: QueryServiceOptions;
  readonly #entries = new Map<string, Entry>();

  constructor(options: QueryServiceOptions) {
    this.#options = options;
  }

  async open(context: string, identity: string, spec: QuerySpec, listener: QueryListener): Promise<QueryHandle> {
    const id = JSON.stringify([context, identity, spec]);
    let entry = this.#entries.get(id);
    if (!entry || entry.runner.failure) {
      const runner = await this.#runner(context, identity, spec);
      entry = this.#entries.get(id);
      if (!entry || entry.runner.failure) {
        entry = { runner, listeners: 0, linger: undefined };
        this.#entries.set(id, entry);
        runner.start();
      }
    }
    const current = entry;
    clearTimeout(current.linger);
    current.linger = undefined;
    current.listeners++;
    const stopListening = current.runner.listen(listener);
    let open = true;
    return {
      snapshotBytes: () => current.runner.snapshotBytes(),
      progress: () => current.runner.progress(),
      hits: () => current.runner.hits(),
      close: () => {
        if (!open) return;
        open = false;
        stopListening();
        if (--current.listeners > 0) return;
        current.linger = setTimeout(() => {
          if (this.#entries.get(id) === current) this.#entries.delete(id);
          current.runner.stop();
        }, this.#options.lingerMs ?? 10_000);
        current.linger.unref?.();
      },
    };
  }

  /** Stops every query (app shutdown). */
  close(): void {
    for (const entry of this.#entries.values()) {
      clearTimeout(entry.linger);
      entry.runner.stop();
    }
    this.#entries.clear();
  }

  async #runner(context: string, identity: string, spec: QuerySpec): Promise<QueryRunner> {
    const selector = parseLabelSelector(spec.labelSelector ?? "");
    const namespace = spec.namespace ?? "";
    let match: HitMatcher;
    let covers: (kind: CatalogResource) => boolean;
    if (spec.kind === "search") {
      if (spec.text.trim() === "" && selector.empty && namespace === "") {
        throw new ApiError(
          400,
          "LOUPE_SEARCH_EMPTY",
          "Type something to search for, or give a label selector or namespace",
          {
            reason: "BadRequest",
          },
        );
      }
      const terms = searchTerms(spec.text);
      const names = new Map<CatalogResource, Set<string>>();
      match = (kind, object, health) => {
        let n = names.get(kind);
        if (!n) {
          n = kindNames(kind);
          names.set(kind, n);
        }
        const matched = matchObject(terms, n, object.metadata);
        return matched ? { matched, health: health ?? computeHealth(object, kind) } : undefined;
      };
      covers = (kind) => !UNSEARCHED.has(`${kind.group}/${kind.resource}`);
    } else {
      const compiled = compileCelQuery(spec.expression, spec.columns ?? []);
      covers = kindPatternMatcher(spec.kinds);
      match = (kind, object, given) => {
        const health = given ?? computeHealth(object, kind);
        const result = compiled.filter(object, health);
        if (typeof result !== "boolean") throw new Error(`the expression gave ${typeof result}, not true or false`);
        if (!result) return undefined;
        return { cells: compiled.columns.map((column) => cell(column, object, health)), health };
      };
    }
    const catalog = await this.#options.catalogs.for(context).get();
    const kinds = catalog.resources.filter(
      (r) =>
        r.version === r.preferredVersion &&
        r.verbs.includes("list") &&
        r.verbs.includes("watch") &&
        (namespace === "" || r.namespaced) &&
        covers(r),
    );
    const maxKinds = this.#options.maxKinds ?? 2_000;
    if (kinds.length > maxKinds) {
      throw new ApiError(400, "LOUPE_QUERY_TOO_WIDE", `The query covers ${kinds.length} kinds; at most ${maxKinds}`, {
        reason: "BadRequest",
      });
    }
    if (spec.kind === "cel" && kinds.length === 0) {
      throw new ApiError(404, "LOUPE_QUERY_NO_KINDS", `No kind that can be listed matches ${spec.kinds.join(", ")}`, {
        reason: "NotFound",
      });
    }
    return new QueryRunner({
      context,
      identity,
      kinds,
      source: this.#options.source,
      match,
      shape: slim,
      namespace,
      selector,
      limit: spec.limit ?? QUERY_LIMITS.maxResults,
      kindTimeoutMs: this.#options.kindTimeoutMs,
    });
  }
}

function cell(column: CelProgram, object: KubeObject, health: unknown): unknown {
  try {
    return celToJson(column(object, health));
  } catch (error) {
    const e = error as { summary?: string; message?: string };
    return { error: (e.summary ?? e.message ?? String(error)).split("\n")[0] };
  }
}

/** What a hit carries of its object: identity, labels and age; never a body (Secret data included). */
function slim(kind: CatalogResource, object: KubeObject): KubeObject {
  const m = object.metadata;
  return {
    apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version,
    kind: kind.kind,
    metadata: {
      name: m.name,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      uid: m.uid ?? `${kind.group}/${kind.resource}/${m.namespace ?? ""}/${m.name}`,
      ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}),
      ...(m.creationTimestamp ? { creationTimestamp: m.creationTimestamp } : {}),
      ...(m.deletionTimestamp ? { deletionTimestamp: m.deletionTimestamp } : {}),
      ...(m.labels ? { labels: m.labels } : {}),
    },
  };
}
