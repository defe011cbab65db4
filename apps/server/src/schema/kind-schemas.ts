import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { KindSchema } from "@loupe/protocol";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { ApiError } from "../errors.ts";
import { ByteLru } from "./byte-lru.ts";
import { celSchema } from "./cel-schema.ts";
import { fieldTree } from "./field-tree.ts";
import { toJsonSchema } from "./json-schema.ts";
import { openApiClient } from "./openapi-client.ts";
import {
  findKind,
  type GroupVersionKind,
  groupVersionPath,
  type OpenApiClient,
  OpenApiV3Source,
  type OpenApiV3SourceOptions,
} from "./openapi-v3.ts";

const gzipAsync = promisify(gzip);

/**
 * A kind's schema ready to send: the {@link KindSchema} as UTF-8 JSON, the hash of the document it was built from
 * (an ETag for the response), and the same bytes gzipped (made on first ask, then kept with it).
 */
export interface HashedKindSchema {
  hash: string;
  body: Buffer;
  gzipped(): Promise<Buffer>;
  /** The schema as objects, parsed from `body` on each read (not kept: the cache's bound counts bytes). */
  readonly schema: KindSchema;
}

/** Options of {@link KindSchemas}: the source's, and the bound of the converted schemas kept. */
export interface KindSchemasOptions extends OpenApiV3SourceOptions {
  /** Converted schemas kept (JSON and gzip bytes together), least recently used first out (default 24 MiB). */
  maxSchemaBytes?: number;
}

/**
 * The JSON Schema and field tree of every kind one API server publishes. Built on first request from the
 * group-version's OpenAPI v3 document and kept, serialized, as long as that document's hash is current — a cached
 * answer is a buffer written as it is, neither converted nor serialized again (a 2.8 MB schema would take longer to
 * serialize than to send). Both documents and converted schemas are in byte-bounded LRU caches.
 */
export class KindSchemas {
  readonly #source: OpenApiV3Source;
  readonly #context: string;
  readonly #built: ByteLru<HashedKindSchema>;

  constructor(client: OpenApiClient, context: string, options: KindSchemasOptions = {}) {
    this.#source = new OpenApiV3Source(client, options);
    this.#context = context;
    this.#built = new ByteLru(options.maxSchemaBytes ?? 24 * 1024 * 1024);
  }

  /** The kind's schema; a 404 ApiError (`LOUPE_KIND_NOT_FOUND`) when the API server publishes no such kind. */
  async get(gvk: GroupVersionKind): Promise<HashedKindSchema> {
    const gvPath = groupVersionPath(gvk.group, gvk.version);
    const key = `${gvPath}/${gvk.kind}`;
    const hash = await this.#source.currentHash(gvPath);
    if (hash === undefined) throw kindNotFound(this.#context, gvk);
    const cached = this.#built.get(key);
    if (cached?.hash === hash) return cached;
    const found = await this.#source.document(gvPath);
    const name = found ? findKind(found.document, gvk) : undefined;
    if (!found || name === undefined) throw kindNotFound(this.#context, gvk);
    const cel = celSchema(found.document, name);
    const schema: KindSchema = {
      ...gvk,
      jsonSchema: toJsonSchema(found.document, name, gvk),
      fields: fieldTree(found.document, name),
      ...(cel ? { cel } : {}),
    };
    const body = Buffer.from(JSON.stringify(schema));
    let gzipped: Promise<Buffer> | undefined;
    const built: HashedKindSchema = {
      hash: found.hash,
      body,
      get schema() {
        return JSON.parse(body.toString("utf8")) as KindSchema;
      },
      gzipped: () => {
        if (!gzipped) {
          gzipped = gzipAsync(body, { level: 6 });
          // Counted once made, so the cache's bound covers both forms.
          void gzipped.then(
            (bytes) => {
              if (this.#built.get(key) === built) this.#built.set(key, built, body.length + bytes.length);
            },
            () => {
              gzipped = undefined;
            },
          );
        }
        return gzipped;
      },
    };
    this.#built.set(key, built, body.length);
    return built;
  }
}

/** One {@link KindSchemas} per context, made on first use; an unknown context throws the registry's 404. */
export class SchemaRegistry {
  readonly #contexts: ContextRegistry;
  readonly #options: KindSchemasOptions;
  readonly #byContext = new Map<string, KindSchemas>();

  constructor(contexts: ContextRegistry, options: KindSchemasOptions = {}) {
    this.#contexts = contexts;
    this.#options = options;
  }

  for(context: string): KindSchemas {
    let schemas = this.#byContext.get(context);
    if (!schemas) {
      schemas = new KindSchemas(openApiClient(this.#contexts.get(context)), context, this.#options);
      this.#byContext.set(context, schemas);
    }
    return schemas;
  }
}

function kindNotFound(context: string, gvk: GroupVersionKind): ApiError {
  const gv = gvk.group === "" ? gvk.version : `${gvk.group}/${gvk.version}`;
  return new ApiError(
    404,
    "LOUPE_KIND_NOT_FOUND",
    `The API server of context "${context}" publishes no OpenAPI schema for kind ${gvk.kind} in ${gv}`,
    { reason: "NotFound", details: { group: gvk.group, kind: gvk.kind } },
  );
}
