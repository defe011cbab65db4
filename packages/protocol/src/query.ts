/**
 * Cross-kind queries over the watch socket (DESIGN §12): a search over names, labels and kinds, or a CEL
 * expression over the objects of several kinds. A query is a subscription like a watch: the client sends `query`
 * with an id, and hears for that id what a watch subscription hears — `status`, a `snapshot` of the hits found so
 * far, `events` (ADDED as more kinds are read, MODIFIED / DELETED as objects change) — plus `progress` messages
 * that say how many kinds are read, which failed, and whether the result cap was hit. `unsubscribe` ends it.
 *
 * Every hit is a slim object (apiVersion, kind, metadata, and `status` for CEL queries) with a `hit` field that
 * names its resource (for links) and what matched, or the values of the query's columns.
 */
import { z } from "zod";
import { Health } from "./health.ts";
import { QUERY_LIMITS } from "./query-limits.ts";
import { SubscriptionId } from "./subscription-id.ts";
import { KubeObject } from "./table.ts";

export { QUERY_LIMITS } from "./query-limits.ts";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const namespace = z.union([z.literal(""), z.string().max(63).regex(dnsLabel, "not a namespace name")]).optional();
const labelSelector = z.string().max(4096).optional();

/** Search names, labels and kinds of every kind the user may list. */
export const SearchQuery = z.object({
  kind: z.literal("search"),
  /**
   * Words, all of which must match (case-insensitive): a word matches an object whose name or namespace
   * contains it, one of whose labels (`key=value`) contains it, or whose kind it names (kind, plural, singular
   * or short name, e.g. `deploy`). May be empty when a label selector or namespace narrows the search.
   */
  text: z.string().max(QUERY_LIMITS.searchTextLength),
  /** Only this namespace; omitted or `""`: every namespace. */
  namespace,
  /** A Kubernetes label selector (`app=web,tier!=db,env in (a,b),!legacy`). */
  labelSelector,
  /** Hits at most (default and maximum {@link QUERY_LIMITS.maxResults}). */
  limit: z.number().int().min(1).max(QUERY_LIMITS.maxResults).optional(),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

/** A column of a CEL query's table: a CEL expression over `object`, shown under `name`. */
export const CelColumn = z.object({
  name: z.string().min(1).max(64),
  expression: z.string().min(1).max(QUERY_LIMITS.columnExpressionLength),
});
export type CelColumn = z.infer<typeof CelColumn>;

/** A CEL expression that picks objects of the kinds its patterns name; live. */
export const CelQuery = z.object({
  kind: z.literal("cel"),
  /** A CEL expression of type bool over `object` (metadata and status), e.g. `object.status.replicas > 2`. */
  expression: z.string().min(1).max(QUERY_LIMITS.expressionLength),
  /**
   * Which kinds: each a kind (`Deployment`), a resource (`deployments`, `deployments.apps`), a group (`apps`,
   * `""` is not allowed: use `core`), or a pattern with `*` (`*.upbound.io`, `*.crossplane.io`).
   */
  kinds: z.array(z.string().min(1).max(253)).min(1).max(QUERY_LIMITS.kindPatterns),
  namespace,
  labelSelector,
  columns: z.array(CelColumn).max(QUERY_LIMITS.columns).optional(),
  limit: z.number().int().min(1).max(QUERY_LIMITS.maxResults).optional(),
});
export type CelQuery = z.infer<typeof CelQuery>;

export const QuerySpec = z.discriminatedUnion("kind", [SearchQuery, CelQuery]);
export type QuerySpec = z.infer<typeof QuerySpec>;

/** client → server: start a query subscription. */
export const QueryMessage = z.object({
  type: z.literal("query"),
  id: SubscriptionId,
  context: z.string().min(1).max(253),
  query: QuerySpec,
});
export type QueryMessage = z.infer<typeof QueryMessage>;

/** The resource a hit belongs to (for its link), and why it is a hit. */
export const HitInfo = z.object({
  /** `""` is the core group. */
  group: z.string(),
  version: z.string(),
  resource: z.string(),
  namespaced: z.boolean(),
  /** Search: what matched, e.g. `name`, `label app=web`, `kind`. */
  matched: z.array(z.string()).optional(),
  /** CEL queries: the value of each column (null where it has none); an error is `{error: message}`. */
  cells: z.array(z.unknown()).optional(),
  /** The object's health verdict (the server's one health function). */
  health: Health.optional(),
});
export type HitInfo = z.infer<typeof HitInfo>;

/** One result: a slim object (metadata, and status for CEL queries) with `hit`. */
export const QueryHit = KubeObject.extend({ hit: HitInfo });
export type QueryHit = z.infer<typeof QueryHit>;

/** A kind that could not be read (forbidden, timed out, no such resource). */
export const FailedKind = z.object({
  group: z.string(),
  version: z.string(),
  resource: z.string(),
  message: z.string(),
});
export type FailedKind = z.infer<typeof FailedKind>;

/** server → client: how far a query got. The latest replaces earlier ones. */
export const QueryProgressMessage = z.object({
  type: z.literal("progress"),
  id: SubscriptionId,
  /** Kinds the query covers (that the user may list). */
  kinds: z.number().int(),
  /** Kinds read (failed ones included). */
  done: z.number().int(),
  /** At most 50, the rest counted in `failedCount`. */
  failed: z.array(FailedKind),
  failedCount: z.number().int(),
  /** Kinds the user may not list (RBAC): left out, not failures. */
  forbidden: z.number().int().optional(),
  /** Hits now. */
  hits: z.number().int(),
  /** More objects matched than the query's limit: the rest are left out. */
  truncated: z.boolean(),
  /** Every kind is read (or failed): from now on only changes follow. */
  complete: z.boolean(),
  /** CEL queries: objects whose evaluation failed (e.g. a field missing), counted, not hits. */
  evaluationErrors: z.number().int().optional(),
  /** CEL queries: the first such error, as an example. */
  evaluationError: z.string().optional(),
});
export type QueryProgressMessage = z.infer<typeof QueryProgressMessage>;

/** Where a CEL expression is wrong: 1-based line and column, and the 0-based offsets of the span. */
export const CelIssue = z.object({
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  start: z.number().int(),
  end: z.number().int(),
  /** Which expression: `expression`, or `columns.<i>`. */
  where: z.string(),
});
export type CelIssue = z.infer<typeof CelIssue>;

/** `POST /api/v1/cel/check`: no issues means the expression compiles. */
export const CelCheckResult = z.object({
  valid: z.boolean(),
  issues: z.array(CelIssue),
  /** The result type the checker inferred (`bool`, `dyn`, ...), when valid. */
  type: z.string().optional(),
});
export type CelCheckResult = z.infer<typeof CelCheckResult>;

/** `GET /api/v1/contexts/:context/search`: the hits once every kind is read (or timed out). */
export const SearchResult = z.object({
  hits: z.array(QueryHit),
  kinds: z.number().int(),
  failed: z.array(FailedKind),
  /** Kinds the user may not list (RBAC), left out. */
  forbidden: z.number().int().optional(),
  truncated: z.boolean(),
  complete: z.boolean(),
});
export type SearchResult = z.infer<typeof SearchResult>;
