/**
 * GETs the first view is known to make, started while the bundle is still being evaluated (see
 * app/first-view.ts). {@link api} takes such a request instead of sending its own when the URL is the same, so the
 * answers of the session, the catalog and a list's first page are on their way, or already here, by the time React
 * first asks for them, instead of being asked for one after another as each view renders.
 */

/** An early answer nobody took within this time is dropped: later asks get fresh data. */
const EARLY_MS = 5_000;

const early = new Map<string, Promise<Response | undefined>>();

/** Sends `urls` now (as api() would: same headers). A network failure is kept as `undefined`: api() asks again. */
export function requestEarly(urls: readonly string[]): void {
  for (const url of urls) {
    const request = fetch(url, { headers: { accept: "application/json" } }).catch(() => undefined);
    early.set(url, request);
    setTimeout(() => {
      if (early.get(url) === request) early.delete(url);
    }, EARLY_MS);
  }
}

/** The early request for `url`, once: whoever takes it owns its answer. */
export function takeEarly(url: string): Promise<Response | undefined> | undefined {
  const request = early.get(url);
  early.delete(url);
  return request;
}
