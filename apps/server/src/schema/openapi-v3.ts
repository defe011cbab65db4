/** A schema object of a Kubernetes OpenAPI v3 document (OpenAPI 3.0 dialect plus `x-kubernetes-*` extensions). */
export interface OpenApiSchema {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  required?: string[];
  allOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  not?: OpenApiSchema;
  $ref?: string;
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  /** OpenAPI 3.0: a boolean that makes `minimum` exclusive (a number in JSON Schema draft-06 and later). */
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  "x-kubernetes-group-version-kind"?: GroupVersionKind[];
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
  "x-kubernetes-validations"?: {
    rule: string;
    message?: string;
    messageExpression?: string;
    reason?: string;
    fieldPath?: string;
    optionalOldSelf?: boolean;
  }[];
  "x-kubernetes-list-type"?: string;
  [keyword: string]: unknown;
}

export interface GroupVersionKind {
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
}

/** A group-version's document, e.g. `GET /openapi/v3/apis/apps/v1`: only the parts Loupe reads. */
export interface OpenApiDocument {
  openapi?: string;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

/** `GET /openapi/v3`: every document the API server publishes, each URL carrying its content hash. */
export interface OpenApiIndex {
  paths: Record<string, { serverRelativeURL: string }>;
}

/** The one capability the source needs of a cluster connection ({@link ClusterConnection} has it). */
export interface JsonGetter {
  getJson<T>(path: string): Promise<T>;
}

/** Options of an {@link OpenApiV3Source}. */
export interface OpenApiV3SourceOptions {
  /** An index older than this is fetched again before use, so a changed CRD shows within it (default 5,000 ms). */
  indexMaxAgeMs?: number;
  /** A group-version missing from the index fetches the index again only if it is older than this (default 2,000 ms). */
  unknownRetryMs?: number;
  /** Clock, for tests (default Date.now). */
  now?: () => number;
}

/** A document with the hash the API server published it under (which changes whenever its content does). */
export interface HashedDocument {
  hash: string;
  document: OpenApiDocument;
}

/** The index key of a group-version: `api/v1` for the core group, `apis/<group>/<version>` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group === "" ? `api/${version}` : `apis/${group}/${version}`;
}

/**
 * The OpenAPI v3 documents of one API server, fetched through its connection (`GET /openapi/v3`, then the
 * group-version's `serverRelativeURL`) and cached by their hash: a document is fetched once per hash, and refetched
 * only when the index names a new hash for it (a CRD changed). The index itself is revalidated when older than
 * `indexMaxAgeMs`, and when a group-version it does not list is asked for — at most every `unknownRetryMs`, so
 * requests for a kind that does not exist cannot hammer the API server. Concurrent callers share one request.
 */
export class OpenApiV3Source {
  readonly #client: JsonGetter;
  readonly #indexMaxAgeMs: number;
  readonly #unknownRetryMs: number;
  readonly #now: () => number;
  #index: { paths: Map<string, string>; fetchedAt: number } | undefined;
  #indexLoading: Promise<Map<string, string>> | undefined;
  /** Group-version path → its document, keyed by the hashed URL it was fetched from. */
  readonly #documents = new Map<string, { url: string; document: Promise<OpenApiDocument> }>();

  constructor(client: JsonGetter, options: OpenApiV3SourceOptions = {}) {
    this.#client = client;
    this.#indexMaxAgeMs = options.indexMaxAgeMs ?? 5_000;
    this.#unknownRetryMs = options.unknownRetryMs ?? 2_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The current document of a group-version (`groupVersionPath()`), or undefined when the API server publishes
   * none for it. Rejects with the API server's error (an ApiError) when the index or the document cannot be read.
   */
  async document(gvPath: string): Promise<HashedDocument | undefined> {
    let paths = await this.#paths(this.#indexMaxAgeMs);
    if (!paths.has(gvPath)) paths = await this.#paths(this.#unknownRetryMs);
    const url = paths.get(gvPath);
    if (url === undefined) return undefined;
    let cached = this.#documents.get(gvPath);
    if (cached?.url !== url) {
      const document = this.#client.getJson<OpenApiDocument>(url);
      cached = { url, document };
      this.#documents.set(gvPath, cached);
      // A failed fetch is not cached: the next caller tries again.
      document.catch(() => {
        if (this.#documents.get(gvPath) === cached) this.#documents.delete(gvPath);
      });
    }
    return { hash: new URL(url, "http://x").searchParams.get("hash") ?? url, document: await cached.document };
  }

  /** The index's paths, fetched again if the one we have is older than `maxAgeMs`. */
  async #paths(maxAgeMs: number): Promise<Map<string, string>> {
    if (this.#index && this.#now() - this.#index.fetchedAt < maxAgeMs) return this.#index.paths;
    this.#indexLoading ??= this.#loadIndex().finally(() => {
      this.#indexLoading = undefined;
    });
    return this.#indexLoading;
  }

  async #loadIndex(): Promise<Map<string, string>> {
    const index = await this.#client.getJson<OpenApiIndex>("/openapi/v3");
    const paths = new Map(Object.entries(index.paths ?? {}).map(([path, entry]) => [path, entry.serverRelativeURL]));
    this.#index = { paths, fetchedAt: this.#now() };
    // Forget documents of group-versions that are gone (a deleted CRD); changed ones are replaced on next use.
    for (const gvPath of this.#documents.keys()) if (!paths.has(gvPath)) this.#documents.delete(gvPath);
    return paths;
  }
}

/** The name of the component schema that `x-kubernetes-group-version-kind` marks as the kind, if any. */
export function findKind(document: OpenApiDocument, gvk: GroupVersionKind): string | undefined {
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const kinds = schema["x-kubernetes-group-version-kind"] ?? [];
    if (kinds.some((k) => k.group === gvk.group && k.version === gvk.version && k.kind === gvk.kind)) return name;
  }
  return undefined;
}

/** `#/components/schemas/<name>` → `<name>`; undefined for any other reference. */
export function componentName(ref: string): string | undefined {
  const prefix = "#/components/schemas/";
  return ref.startsWith(prefix) ? decodePointer(ref.slice(prefix.length)) : undefined;
}

function decodePointer(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not percent-encoded after all: use it as it is.
  }
  return decoded.replaceAll("~1", "/").replaceAll("~0", "~");
}
