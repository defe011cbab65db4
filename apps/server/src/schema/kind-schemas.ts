import type { KindSchema } from "@loupe/protocol";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { ApiError } from "../errors.ts";
import { celSchema } from "./cel-schema.ts";
import { fieldTree } from "./field-tree.ts";
import { toJsonSchema } from "./json-schema.ts";
import {
  findKind,
  type GroupVersionKind,
  groupVersionPath,
  type JsonGetter,
  type OpenApiDocument,
  OpenApiV3Source,
  type OpenApiV3SourceOptions,
} from "./openapi-v3.ts";

/** A kind's schema with the hash of the document it was built from (an ETag for the response). */
export interface HashedKindSchema {
  hash: string;
  schema: KindSchema;
}

/**
 * The JSON Schema and field tree of every kind one API server publishes. Built on first request from the
 * group-version's OpenAPI v3 document and kept as long as that document (same hash) is current, so a kind is
 * converted once per CRD change, not once per request.
 */
export class KindSchemas {
  readonly #source: OpenApiV3Source;
  readonly #context: string;
  readonly #built = new WeakMap<OpenApiDocument, Map<string, KindSchema>>();

  constructor(client: JsonGetter, context: string, options: OpenApiV3SourceOptions = {}) {
    this.#source = new OpenApiV3Source(client, options);
    this.#context = context;
  }

  /** The kind's schema; a 404 ApiError (`LOUPE_KIND_NOT_FOUND`) when the API server publishes no such kind. */
  async get(gvk: GroupVersionKind): Promise<HashedKindSchema> {
    const found = await this.#source.document(groupVersionPath(gvk.group, gvk.version));
    const name = found ? findKind(found.document, gvk) : undefined;
    if (!found || name === undefined) throw kindNotFound(this.#context, gvk);
    let kinds = this.#built.get(found.document);
    if (!kinds) {
      kinds = new Map();
      this.#built.set(found.document, kinds);
    }
    let schema = kinds.get(gvk.kind);
    if (!schema) {
      const cel = celSchema(found.document, name);
      schema = {
        ...gvk,
        jsonSchema: toJsonSchema(found.document, name, gvk),
        fields: fieldTree(found.document, name),
        ...(cel ? { cel } : {}),
      };
      kinds.set(gvk.kind, schema);
    }
    return { hash: found.hash, schema };
  }
}

/** One {@link KindSchemas} per context, made on first use; an unknown context throws the registry's 404. */
export class SchemaRegistry {
  readonly #contexts: ContextRegistry;
  readonly #options: OpenApiV3SourceOptions;
  readonly #byContext = new Map<string, KindSchemas>();

  constructor(contexts: ContextRegistry, options: OpenApiV3SourceOptions = {}) {
    this.#contexts = contexts;
    this.#options = options;
  }

  for(context: string): KindSchemas {
    let schemas = this.#byContext.get(context);
    if (!schemas) {
      schemas = new KindSchemas(this.#contexts.get(context), context, this.#options);
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
