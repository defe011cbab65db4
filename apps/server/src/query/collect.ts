import type { QuerySpec, SearchResult } from "@loupe/protocol";
import type { QuerySessions } from "./query-service.ts";

/**
 * Runs a query until every kind is read (or failed) or `timeoutMs` passes, and returns its hits then: the
 * one-shot form of a query subscription, for REST and MCP. The query keeps lingering after (see QueryService), so
 * asking again soon is answered from the same runner.
 */
export async function collectQuery(
  queries: QuerySessions,
  context: string,
  identity: string,
  spec: QuerySpec,
  timeoutMs: number,
): Promise<SearchResult> {
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let failure: { code: string; message: string } | undefined;
  const handle = await queries.open(context, identity, spec, {
    onEvents: () => {},
    onProgress: (progress) => {
      if (progress.complete) finish();
    },
    onFailed: (code, message) => {
      failure = { code, message };
      finish();
    },
  });
  const timer = setTimeout(finish, timeoutMs);
  try {
    if (!handle.progress().complete) await finished;
  } finally {
    clearTimeout(timer);
  }
  const progress = handle.progress();
  const hits = handle.hits();
  handle.close();
  if (failure) throw Object.assign(new Error(failure.message), { statusCode: 422, code: failure.code });
  return {
    hits,
    kinds: progress.kinds,
    failed: progress.failed,
    ...(progress.forbidden ? { forbidden: progress.forbidden } : {}),
    truncated: progress.truncated,
    complete: progress.complete,
  };
}
