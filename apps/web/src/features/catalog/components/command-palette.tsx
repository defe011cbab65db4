import type { Catalog, CatalogResource } from "@loupe/protocol";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { instancesUrl } from "../../../lib/crd-urls.ts";
import { useHotkey } from "../hooks/use-hotkey.ts";
import { kindsOf, searchKinds } from "../utils/kinds.ts";
import { linkOf } from "./kind-link.tsx";

/**
 * Ctrl/⌘+K: find a kind by kind, plural, singular, shortName or category, as kubectl resolves names (typing `ct`
 * finds CronTab); a category of custom kinds typed whole (`crossplane`) first offers all its objects in one list. ↑/↓ choose, Enter opens the kind's table, Escape closes. Also opened by the top bar's button.
 */
export function CommandPalette({
  context,
  catalog,
  namespace,
}: {
  context: string;
  catalog: Catalog | undefined;
  namespace: string | undefined;
}) {
  const [open, setOpen] = useState(false);
  const toggle = useCallback(() => setOpen((o) => !o), []);
  useHotkey("k", toggle);
  return (
    <>
      <button
        type="button"
        className="palette-button"
        onClick={() => setOpen(true)}
        aria-keyshortcuts="Control+K Meta+K"
      >
        Find a kind… <kbd>Ctrl K</kbd>
      </button>
      {open && catalog ? (
        <PaletteDialog context={context} catalog={catalog} namespace={namespace} onClose={() => setOpen(false)} />
      ) : null}
    </>
  );
}

function PaletteDialog({
  context,
  catalog,
  namespace,
  onClose,
}: {
  context: string;
  catalog: Catalog;
  namespace: string | undefined;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const kinds = useMemo(() => kindsOf(catalog), [catalog]);
  const categories = useMemo(() => customCategories(kinds), [kinds]);
  const category = categories.get(query.trim().replace(/^:/, "").toLowerCase());
  const found = useMemo(() => searchKinds(query, kinds, 30), [query, kinds]);
  // `kubectl get <category>`: a category of custom kinds first offers all its objects in one list.
  const results: Result[] = useMemo(
    () => [...(category ? [{ category: category.name, count: category.count }] : []), ...found],
    [category, found],
  );
  useEffect(() => input.current?.focus(), []);

  const choose = (r: Result | undefined) => {
    if (!r) return;
    onClose();
    navigate("category" in r ? instancesUrl(context, { category: r.category }) : linkOf(context, r, namespace));
  };
  const optionId = (i: number) => `${id}-option-${i}`;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop closes the dialog on click, as Escape does.
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape is handled by the input.
    <div className="palette-backdrop" onClick={onClose}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: clicks inside must not reach the backdrop. */}
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Find a kind"
        className="palette"
        onClick={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          role="combobox"
          aria-label="Kind, resource, short name or category"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={results.length > 0 ? optionId(active) : undefined}
          aria-autocomplete="list"
          placeholder="Kind, resource, short name or category (e.g. ct, deploy, all)"
          value={query}
          spellCheck={false}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") setActive((a) => Math.min(results.length - 1, a + 1));
            else if (e.key === "ArrowUp") setActive((a) => Math.max(0, a - 1));
            else if (e.key === "Enter") choose(results[active]);
            else if (e.key === "Escape") onClose();
            else return;
            e.preventDefault();
          }}
        />
        <div id={`${id}-list`} role="listbox" aria-label="Kinds" className="palette-list">
          {results.length === 0 ? <p className="muted palette-empty">No kind matches “{query}”.</p> : null}
          {results.map((r, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard selection goes through the combobox.
            <div
              key={"category" in r ? `category:${r.category}` : `${r.group}/${r.resource}`}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? "palette-option active" : "palette-option"}
              onMouseMove={() => setActive(i)}
              onClick={() => choose(r)}
            >
              {"category" in r ? (
                <>
                  <span className="palette-kind">All {r.category} objects</span>
                  <span className="muted">
                    category · {r.count} {r.count === 1 ? "kind" : "kinds"}
                  </span>
                </>
              ) : (
                <>
                  <span className="palette-kind">{r.kind}</span>
                  <span className="muted">
                    {r.resource}
                    {r.group ? `.${r.group}` : ""} · {r.version}
                  </span>
                  {r.shortNames.length > 0 ? <span className="tag">{r.shortNames.join(", ")}</span> : null}
                  {r.custom ? <span className="tag tag-custom">CRD</span> : null}
                </>
              )}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/** A kind, or a category of custom kinds (opens all their objects). */
type Result = CatalogResource | { category: string; count: number };

/** Categories of custom kinds by lower-case name, with how many kinds each has. */
function customCategories(kinds: readonly CatalogResource[]): Map<string, { name: string; count: number }> {
  const map = new Map<string, { name: string; count: number }>();
  for (const k of kinds) {
    if (!k.custom) continue;
    for (const c of k.categories) {
      const entry = map.get(c.toLowerCase()) ?? { name: c, count: 0 };
      entry.count++;
      map.set(c.toLowerCase(), entry);
    }
  }
  return map;
}
