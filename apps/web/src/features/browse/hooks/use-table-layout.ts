import { useCallback, useEffect, useMemo } from "react";
import type { SetURLSearchParams } from "react-router";
import {
  hasLayoutParams,
  layoutFromParams,
  layoutParamsText,
  layoutStorageKey,
  layoutToParams,
  readStoredLayout,
  storeLayout,
  type TableLayout,
} from "../utils/table-layout.ts";

/**
 * A kind's table layout (see utils/table-layout.ts): the URL's when it has one, else the one remembered for the kind
 * in localStorage, which is then written into the URL (replacing the entry) so the address bar always shares what
 * is shown. `setLayout` writes both.
 */
export function useTableLayout(
  group: string,
  resource: string,
  params: URLSearchParams,
  setParams: SetURLSearchParams,
): { layout: TableLayout; setLayout: (layout: TableLayout) => void } {
  const key = layoutStorageKey(group, resource);
  const inUrl = hasLayoutParams(params);
  // Only the layout's own params: a filter keystroke changes the URL too, and a new layout object would re-sort
  // (and re-column) the whole table on every key.
  const text = layoutParamsText(params);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `text` stands for the layout's params, compared by value.
  const layout = useMemo(
    () => (inUrl ? layoutFromParams(params) : (readStoredLayout(localStorage, key) ?? layoutFromParams(params))),
    [text, key, inUrl],
  );
  useEffect(() => {
    if (inUrl) return;
    const stored = readStoredLayout(localStorage, key);
    if (stored) setParams((current) => layoutToParams(stored, current), { replace: true });
  }, [inUrl, key, setParams]);
  const setLayout = useCallback(
    (next: TableLayout) => {
      storeLayout(localStorage, key, next);
      setParams((current) => layoutToParams(next, current), { replace: true });
    },
    [key, setParams],
  );
  return { layout, setLayout };
}
