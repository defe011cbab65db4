/**
 * How much work one request body may cost (DESIGN §7: no request can hold the event loop). Sizes are bytes; depth
 * counts nested maps and lists (`{"a": [1]}` is 2 deep); nodes count every key and value (`{"a": [1]}` is 3).
 *
 * For scale: the largest popular CRD (prometheus-operator's Prometheus, 833 KB of YAML) has 8,463 nodes and is 27
 * levels deep. JSON costs about half a microsecond a node on the event loop (100,000 nodes: ~25 ms to parse), YAML
 * ~50× more, in a worker thread; hence YAML's smaller node budget. The API server's own request limit is 3 MiB (Fastify's `bodyLimit`, set in app.ts).
 */
export interface BodyLimits {
  /** Deepest nesting of maps and lists, JSON or YAML. Recursion (JSON.stringify, the YAML composer) is safe far beyond. */
  maxDepth: number;
  /** Most keys and values in one JSON body. */
  maxJsonNodes: number;
  /** Most nodes in one YAML body (keys, values, and aliases once expanded). */
  maxYamlNodes: number;
  /** The `yaml` package's `maxAliasCount`: how much aliases may expand ("billion laughs"). */
  maxYamlAliases: number;
  /** A YAML parse that runs longer than this in its worker is stopped, and the body refused. */
  yamlTimeoutMs: number;
  /**
   * Old-generation heap of a YAML worker (MB): a parse that needs more is stopped, and the body refused. Every body
   * within the other limits parses in 32 MB (the Prometheus CRD, a 20,000-node map, a 3 MB block scalar); two
   * workers at 64 MB leave the server's 512 MiB (deploy/) room.
   */
  yamlWorkerHeapMb: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  maxDepth: 100,
  maxJsonNodes: 100_000,
  maxYamlNodes: 20_000,
  maxYamlAliases: 100,
  yamlTimeoutMs: 5_000,
  yamlWorkerHeapMb: 64,
};

/** A body refused by a limit, as plain data (it crosses the worker boundary); `toApiError` makes it an answer. */
export interface BodyRefusal {
  statusCode: 400 | 413 | 503;
  code: string;
  message: string;
  reason: "BadRequest" | "RequestEntityTooLarge" | "ServiceUnavailable";
}

export type Language = "JSON" | "YAML";

/** A body parsed (`value`: undefined for no body, or for a patch whose value is not wanted), or refused. */
export type Parsed = { value: unknown } | { refusal: BodyRefusal };

export const refuse = {
  invalid: (language: Language, detail: string): BodyRefusal => ({
    statusCode: 400,
    code: `LOUPE_INVALID_${language}`,
    message: `The request body is not valid ${language}: ${detail}`,
    reason: "BadRequest",
  }),
  tooDeep: (language: Language, max: number): BodyRefusal => ({
    statusCode: 400,
    code: `LOUPE_${language}_TOO_DEEP`,
    message: `The request body nests maps and lists deeper than ${max} levels`,
    reason: "BadRequest",
  }),
  tooManyNodes: (language: Language, max: number): BodyRefusal => ({
    statusCode: 413,
    code: `LOUPE_${language}_TOO_MANY_NODES`,
    message: `The ${language} request body has more than ${max} nodes (keys and values)${
      language === "YAML" ? "; send it as JSON, which allows more" : ""
    }`,
    reason: "RequestEntityTooLarge",
  }),
  tooManyAliases: (max: number): BodyRefusal => ({
    statusCode: 400,
    code: "LOUPE_YAML_TOO_MANY_ALIASES",
    message: `The YAML request body's aliases expand too much (more than the limit of ${max})`,
    reason: "BadRequest",
  }),
  tooCostly: (why: string): BodyRefusal => ({
    statusCode: 413,
    code: "LOUPE_YAML_TOO_COSTLY",
    message: `The YAML request body is too costly to parse: ${why}`,
    reason: "RequestEntityTooLarge",
  }),
  busy: (): BodyRefusal => ({
    statusCode: 503,
    code: "LOUPE_YAML_BUSY",
    message: "Too many YAML bodies are being parsed at once; try again shortly, or send JSON",
    reason: "ServiceUnavailable",
  }),
};
