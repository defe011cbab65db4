import { ByteLru } from "./byte-lru.ts";

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

/**
 * What the source needs of a cluster connection: a GET answered as text, conditional on an ETag (see
 * openapi-client.ts for the one over a {@link ClusterConnection}). Rejects with the API server's error.
 */
export interface OpenApiClient {
  /** `undefined` when `etag` was given and the API server answered 304 Not Modified. */
  getText(path: string, etag?: string): Promise<{ text: string; etag: string | undefined } | undefined>;
}

/** Options of an {@link OpenApiV3Source}. */
export interface OpenApiV3SourceOptions {
  /** An index older than this is revalidated before use, so a changed CRD shows within it (default 5,000 ms). */
  indexMaxAgeMs?: number;
  /** A group-version missing from the index fetches the index again only if it is older than this (default 2,000 ms). */
  unknownRetryMs?: number;
  /**
   * Documents kept, least recently used first out, by the size of their JSON (default 24 MiB): a cluster with
   * 1,500 CRDs publishes hundreds of megabytes of them, and each is needed only while a kind of it is converted.
   */
  maxDocumentBytes?: number;
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

/** The `hash` query parameter of a document's serverRelativeURL (the whole URL when it has none). */
export function hashOf(url: string): string {
  return new URL(url, "http://x").searchParams.get("hash") ?? url;
}

/**
 * The OpenAPI v3 documents of one API server, fetched on demand one group-version at a time (`GET /openapi/v3`,
 * then the group-version's `serverRelativeURL`, which carries the content hash). The index is revalidated with its
 * ETag (`If-None-Match`: an unchanged index is a 304 with no body) when older than `indexMaxAgeMs`, and when a
 * group-version it does not list is asked for — at most every `unknownRetryMs`, so requests for a kind that does
 * not exist cannot hammer the API server. Documents are cached by hash in a least-recently-used cache bounded by
 * bytes (`maxDocumentBytes`): fetched again only when the index names a new hash (a CRD changed) or after eviction.
 * Concurrent callers share one request.
 */
export class OpenApiV3Source {
  readonly #client: OpenApiClient;
  readonly #indexMaxAgeMs: number;
  readonly #unknownRetryMs: number;
  readonly #now: () => number;
  #index: { paths: Map<string, string>; fetchedAt: number; etag: string | undefined } | undefined;
  #indexLoading: Promise<Map<string, string>> | undefined;
  /** Group-version path → its document and the hashed URL it came from. */
  readonly #documents: ByteLru<{ url: string; document: OpenApiDocument }>;
  /** Fetches in flight, shared by concurrent callers. */
  readonly #fetching = new Map<string, { url: string; document: Promise<OpenApiDocument> }>();

  constructor(client: OpenApiClient, options: OpenApiV3SourceOptions = {}) {
    this.#client = client;
    this.#indexMaxAgeMs = options.indexMaxAgeMs ?? 5_000;
    this.#unknownRetryMs = options.unknownRetryMs ?? 2_000;
    this.#now = options.now ?? Date.now;
    this.#documents = new ByteLru(options.maxDocumentBytes ?? 24 * 1024 * 1024);
  }

  /** Bytes of the documents cached now. */
  get cachedBytes(): number {
    return this.#documents.bytes;
  }

  /**
   * The hash of a group-version's current document from the (revalidated) index, without fetching the document;
   * undefined when the API server publishes none for it.
   */
  async currentHash(gvPath: string): Promise<string | undefined> {
    const url = await this.#currentUrl(gvPath);
    return url === undefined ? undefined : hashOf(url);
  }

  /**
   * The current document of a group-version (`groupVersionPath()`), or undefined when the API server publishes
   * none for it. Rejects with the API server's error (an ApiError) when the index or the document cannot be read.
   */
  async document(gvPath: string): Promise<HashedDocument | undefined> {
    const url = await this.#currentUrl(gvPath);
    if (url === undefined) return undefined;
    const cached = this.#documents.get(gvPath);
    if (cached?.url === url) return { hash: hashOf(url), document: cached.document };
    let fetching = this.#fetching.get(gvPath);
    if (fetching?.url !== url) {
      const document = this.#client.getText(url).then((answer) => {
        const text = answer?.text ?? "{}";
        const parsed = JSON.parse(text) as OpenApiDocument;
        this.#documents.set(gvPath, { url, document: parsed }, text.length);
        return parsed;
      });
      const entry = { url, document };
      fetching = entry;
      this.#fetching.set(gvPath, entry);
      // Settled either way: the next caller reads the cache, or (a failure is not cached) tries again.
      void document.then(
        () => this.#settle(gvPath, entry),
        () => this.#settle(gvPath, entry),
      );
    }
    return { hash: hashOf(url), document: await fetching.document };
  }

  #settle(gvPath: string, entry: { url: string }): void {
    if (this.#fetching.get(gvPath) === entry) this.#fetching.delete(gvPath);
  }

  async #currentUrl(gvPath: string): Promise<string | undefined> {
    let paths = await this.#paths(this.#indexMaxAgeMs);
    if (!paths.has(gvPath)) paths = await this.#paths(this.#unknownRetryMs);
    return paths.get(gvPath);
  }

  /** The index's paths, revalidated if the one we have is older than `maxAgeMs`. */
  async #paths(maxAgeMs: number): Promise<Map<string, string>> {
    if (this.#index && this.#now() - this.#index.fetchedAt < maxAgeMs) return this.#index.paths;
    this.#indexLoading ??= this.#loadIndex().finally(() => {
      this.#indexLoading = undefined;
    });
    return this.#indexLoading;
  }

  async #loadIndex(): Promise<Map<string, string>> {
    const previous = this.#index;
    const answer = await this.#client.getText("/openapi/v3", previous?.etag);
    if (answer === undefined && previous) {
      previous.fetchedAt = this.#now();
      return previous.paths;
    }
    const index = JSON.parse(answer?.text ?? "{}") as OpenApiIndex;
    const paths = new Map(Object.entries(index.paths ?? {}).map(([path, entry]) => [path, entry.serverRelativeURL]));
    this.#index = { paths, fetchedAt: this.#now(), etag: answer?.etag };
    // Forget documents of group-versions that are gone (a deleted CRD); changed ones are replaced on next use.
    for (const gvPath of [...this.#documents.keys()]) if (!paths.has(gvPath)) this.#documents.delete(gvPath);
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
