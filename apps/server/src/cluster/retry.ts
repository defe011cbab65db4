import type { Response } from "undici";

/** Options of {@link sendWithRetries}. */
export interface RetryOptions {
  /** Retries after the first try (client-go's default is 10). Default 10. */
  maxRetries?: number;
  /** Longest total wait across retries, in ms (default 15 000): the request's own timeout is 30 s. */
  maxTotalWaitMs?: number;
  /** Longest single wait, whatever `Retry-After` says, in ms (default 5 000). */
  maxWaitMs?: number;
  /** Sleeps `ms` unless `signal` aborts first (for tests; default a timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const SAFE = new Set(["GET", "HEAD"]);

/**
 * How long to wait before retrying, as client-go's `checkWait` decides, or undefined when this answer is final: a
 * 429, or a 5xx to a read, that carries `Retry-After` in seconds (the API server sends it when "storage is
 * (re)initializing" after CRDs are installed, and when API Priority and Fairness rejects). A 429 was refused before
 * it was processed, so a write is retried too; a 5xx to a write may have been processed and is not.
 */
export function retryDelayMs(method: string, response: Pick<Response, "status" | "headers">): number | undefined {
  const retryable = response.status === 429 || (response.status >= 500 && SAFE.has(method.toUpperCase()));
  if (!retryable) return undefined;
  const header = response.headers.get("retry-after")?.trim() ?? "";
  if (!/^\d{1,6}$/.test(header)) return undefined;
  return Number(header) * 1000;
}

/**
 * Sends with `send` until the answer is final, retrying as {@link retryDelayMs} says within the bounds of
 * `options`. The last answer is returned as it is (its `Retry-After` included), so a caller that gives up can
 * pass it on. A retried answer's body is discarded.
 */
export async function sendWithRetries(
  method: string,
  send: () => Promise<Response>,
  signal: AbortSignal | undefined,
  options: RetryOptions = {},
): Promise<Response> {
  const maxRetries = options.maxRetries ?? 10;
  const maxTotal = options.maxTotalWaitMs ?? 15_000;
  const maxWait = options.maxWaitMs ?? 5_000;
  const sleep = options.sleep ?? defaultSleep;
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    const response = await send();
    const delay = retryDelayMs(method, response);
    if (delay === undefined || attempt >= maxRetries) return response;
    // At least a short pause (Retry-After: 0 would otherwise spin), at most the bounds.
    const wait = Math.min(Math.max(delay, 100), maxWait);
    if (waited + wait > maxTotal) return response;
    await response.body?.cancel().catch(() => {});
    await sleep(wait, signal);
    waited += wait;
  }
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
