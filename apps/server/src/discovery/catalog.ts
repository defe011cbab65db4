import type { Catalog, CatalogGroup, CatalogResource } from "@loupe/protocol";
import type { ClusterConnection } from "../cluster/connection.ts";
import { readJson } from "../cluster/connection.ts";
import {
  type AggregatedDiscovery,
  type LegacyGroupList,
  type LegacyResourceList,
  parseAggregated,
  parseLegacy,
} from "./parse.ts";

const AGGREGATED_ACCEPT = [
  "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
  "application/json",
].join(",");
/**
 * The CRDs' names only: a Table without objects (`includeObject=None`) is a name and a date per CRD, where even a
 * metadata list carries each CRD's annotations (kubectl's last-applied copy of the whole CRD among them).
 */
const NAMES_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

/** Options of a {@link ResourceCatalog}. */
export interface ResourceCatalogOptions {
  /** A catalog younger than this is served without asking the API server (default 1,000 ms). */
  maxAgeMs?: number;
  /** Clock, for tests (default Date.now). */
  now?: () => number;
}

interface Cached {
  catalog: Catalog;
  fetchedAt: number;
  /** ETags of the last `/api` and `/apis` answers, for conditional revalidation. */
  etags: { api?: string; apis?: string };
  byKey: Map<string, CatalogResource>;
}

/**
 * The resource catalog of one context: every group/version/resource the API server serves, from aggregated
 * discovery (v2, then v2beta1) with a fallback to legacy per-group-version discovery. It is kept fresh without a
 * restart: after `maxAgeMs` the next reader revalidates it with ETags (a 304 costs the API server almost nothing),
 * and invalidate() — called when CRDs or APIServices change — forces a reload. Concurrent readers share one load.
 */
export class ResourceCatalog {
  readonly #connection: ClusterConnection;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #cached: Cached | undefined;
  #loading: Promise<Cached> | undefined;
  #stale = false;

  constructor(connection: ClusterConnection, options: ResourceCatalogOptions = {}) {
    this.#connection = connection;
    this.#maxAgeMs = options.maxAgeMs ?? 1_000;
    this.#now = options.now ?? Date.now;
  }

  /** The current catalog, revalidated if older than maxAgeMs or invalidated. */
  async get(): Promise<Catalog> {
    return (await this.#fresh()).catalog;
  }

  /**
   * The entry for group/version/resource. An unknown one triggers one revalidation first (a CRD created a moment
   * ago may not be in the cached catalog yet); still unknown → undefined.
   */
  async resolve(group: string, version: string, resource: string): Promise<CatalogResource | undefined> {
    const key = `${group}/${version}/${resource}`;
    const found = (await this.#fresh()).byKey.get(key);
    if (found) return found;
    this.invalidate();
    return (await this.#fresh()).byKey.get(key);
  }

  /** Marks the catalog stale: the next reader reloads it. */
  invalidate(): void {
    this.#stale = true;
  }

  async #fresh(): Promise<Cached> {
    const cached = this.#cached;
    if (cached && !this.#stale && this.#now() - cached.fetchedAt < this.#maxAgeMs) return cached;
    if (!this.#loading) {
      this.#stale = false;
      this.#loading = this.#load(cached).finally(() => {
        this.#loading = undefined;
      });
    }
    this.#cached = await this.#loading;
    return this.#cached;
  }

  async #load(previous: Cached | undefined): Promise<Cached> {
    const [api, apis] = await Promise.all([
      this.#conditional("/api", previous?.etags.api),
      this.#conditional("/apis", previous?.etags.apis),
    ]);
    if (previous && api.notModified && apis.notModified) return { ...previous, fetchedAt: this.#now() };
    if (api.body === undefined || apis.body === undefined) {
      // One side answered 304 but the other changed: ask both again without conditions.
      return this.#load(undefined);
    }
    const aggregated = api.source !== "legacy" && apis.source !== "legacy";
    const parsed = aggregated
      ? parseAggregated([api.body as AggregatedDiscovery, apis.body as AggregatedDiscovery])
      : await this.#legacy(apis.body as LegacyGroupList);
    const customs = await this.#customResources();
    const resources = parsed.resources.map((r) => ({ ...r, custom: customs.has(`${r.resource}.${r.group}`) }));
    const catalog: Catalog = {
      context: this.#connection.context,
      source: aggregated ? (api.source === "aggregated-v2beta1" ? "aggregated-v2beta1" : "aggregated-v2") : "legacy",
      groups: parsed.groups,
      resources,
    };
    return {
      catalog,
      fetchedAt: this.#now(),
      etags: { api: api.etag, apis: apis.etag },
      byKey: new Map(resources.map((r) => [`${r.group}/${r.version}/${r.resource}`, r])),
    };
  }

  async #conditional(path: string, etag: string | undefined) {
    const headers: Record<string, string> = { accept: AGGREGATED_ACCEPT };
    if (etag) headers["if-none-match"] = etag;
    const response = await this.#connection.fetch(path, { headers });
    if (response.status === 304) {
      await response.body?.cancel();
      return { notModified: true as const, etag, body: undefined, source: undefined };
    }
    const contentType = response.headers.get("content-type") ?? "";
    const source = contentType.includes("as=APIGroupDiscoveryList")
      ? contentType.includes("v=v2beta1")
        ? ("aggregated-v2beta1" as const)
        : ("aggregated-v2" as const)
      : ("legacy" as const);
    const body = await readJson<unknown>(response);
    return { notModified: false as const, etag: response.headers.get("etag") ?? undefined, body, source };
  }

  /** Legacy discovery: the group list, then every group-version's resource list (the ~80 requests v2 saves). */
  async #legacy(groupList: LegacyGroupList) {
    const groups: CatalogGroup[] = [
      { name: "", preferredVersion: "v1", versions: ["v1"] },
      ...(groupList.groups ?? []).map((g) => ({
        name: g.name,
        preferredVersion: g.preferredVersion?.version ?? g.versions[0]?.version ?? "",
        versions: g.versions.map((v) => v.version),
      })),
    ];
    const lists = await Promise.all(
      groups.flatMap((g) =>
        g.versions.map(async (version) => {
          const path = g.name === "" ? `/api/${version}` : `/apis/${g.name}/${version}`;
          const list = await this.#connection.getJson<LegacyResourceList>(path).catch(() => ({ resources: [] }));
          return { group: g.name, version, list };
        }),
      ),
    );
    return parseLegacy(groups, lists);
  }

  /** Names (`<plural>.<group>`) of the CRDs, read as a Table of names; empty when the user may not list CRDs. */
  async #customResources(): Promise<Set<string>> {
    try {
      const list = await this.#connection.getJson<{
        kind?: string;
        columnDefinitions?: { name: string; format?: string }[];
        rows?: { cells: unknown[] }[];
        items?: { metadata?: { name?: string } }[];
      }>("/apis/apiextensions.k8s.io/v1/customresourcedefinitions?includeObject=None", {
        headers: { accept: NAMES_ACCEPT },
      });
      if (list.kind !== "Table") return new Set((list.items ?? []).map((i) => i.metadata?.name ?? ""));
      const at = Math.max(
        0,
        (list.columnDefinitions ?? []).findIndex((c) => c.format === "name"),
      );
      return new Set((list.rows ?? []).map((r) => String(r.cells[at] ?? "")));
    } catch {
      return new Set();
    }
  }
}
