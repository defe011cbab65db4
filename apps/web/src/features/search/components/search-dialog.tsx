import type { QueryHit } from "@loupe/protocol";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { HealthVerdict } from "../../../components/ui/health-verdict.tsx";
import { contextUrl, viewUrl } from "../../../lib/resource-path.ts";
import { hitKey, useQueryStream } from "../../../lib/use-query-stream.ts";
import { useSlashKey } from "../hooks/use-slash-key.ts";
import { rankHits, searchOf } from "../utils/search-params.ts";
import { SearchProgress } from "./search-progress.tsx";

const SHOWN = 50;

/** The object page of a hit. */
export function hitUrl(context: string, hit: QueryHit): string {
  return viewUrl(context, {
    group: hit.hit.group,
    version: hit.hit.version,
    resource: hit.hit.resource,
    ...(hit.metadata.namespace ? { namespace: hit.metadata.namespace } : {}),
    name: hit.metadata.name,
  });
}

/**
 * `/` anywhere (outside a text field): search every kind the user may list by name, label or kind, optionally in
 * one namespace or by label selector. Hits stream in as kinds are read; ↑/↓ choose, Enter opens the object,
 * "All results" the search page. Also opened by the top bar's button.
 */
export function SearchLauncher({ context, namespace }: { context: string; namespace: string | undefined }) {
  const [open, setOpen] = useState(false);
  const show = useCallback(() => setOpen(true), []);
  useSlashKey(show);
  return (
    <>
      <button type="button" className="palette-button" onClick={show} aria-keyshortcuts="/">
        Search objects… <kbd>/</kbd>
      </button>
      {open ? <SearchDialog context={context} namespace={namespace} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function SearchDialog({
  context,
  namespace,
  onClose,
}: {
  context: string;
  namespace: string | undefined;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [ns, setNs] = useState(namespace ?? "");
  const [selector, setSelector] = useState("");
  const [active, setActive] = useState(0);
  const [spec, setSpec] = useState(() => searchOf("", "", ""));
  useEffect(() => input.current?.focus(), []);
  // Typing restarts the search a moment after the last key, not on every key.
  useEffect(() => {
    const timer = setTimeout(
      () => setSpec(text.trim() || selector.trim() ? searchOf(text, ns, selector) : undefined),
      250,
    );
    return () => clearTimeout(timer);
  }, [text, ns, selector]);
  const stream = useQueryStream(context, spec);
  const hits = useMemo(() => rankHits(stream.hits, spec?.text ?? "").slice(0, SHOWN), [stream.hits, spec]);
  const allUrl = `${contextUrl(context)}/search?${new URLSearchParams({
    q: text.trim(),
    ...(ns.trim() ? { ns: ns.trim() } : {}),
    ...(selector.trim() ? { labelSelector: selector.trim() } : {}),
  })}`;
  const choose = (hit: QueryHit | undefined) => {
    if (!hit) return;
    onClose();
    navigate(hitUrl(context, hit));
  };
  const optionId = (i: number) => `${id}-option-${i}`;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop closes the dialog on click, as Escape does.
    // biome-ignore lint/a11y/useKeyWithClickEvents: Escape is handled by the inputs.
    <div className="palette-backdrop" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label="Search objects"
        className="palette search-dialog"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onClose();
          }
        }}
      >
        <input
          ref={input}
          role="combobox"
          aria-label="Search names, labels and kinds"
          aria-expanded="true"
          aria-controls={`${id}-list`}
          aria-activedescendant={hits.length > 0 ? optionId(active) : undefined}
          aria-autocomplete="list"
          placeholder="Names, labels or kinds (e.g. checkout, app=web, deploy web)"
          value={text}
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") setActive((a) => Math.min(hits.length - 1, a + 1));
            else if (e.key === "ArrowUp") setActive((a) => Math.max(0, a - 1));
            else if (e.key === "Enter") choose(hits[active]);
            else return;
            e.preventDefault();
          }}
        />
        <div className="search-filters">
          <label>
            Namespace <input value={ns} onChange={(e) => setNs(e.target.value)} placeholder="all" spellCheck={false} />
          </label>
          <label>
            Label selector{" "}
            <input
              value={selector}
              onChange={(e) => setSelector(e.target.value)}
              placeholder="app=web,tier!=db"
              spellCheck={false}
            />
          </label>
        </div>
        <div id={`${id}-list`} role="listbox" aria-label="Objects found" className="palette-list">
          {!spec ? <p className="muted palette-empty">Type to search every kind you may list.</p> : null}
          {spec && stream.progress?.complete && hits.length === 0 && !stream.error ? (
            <p className="muted palette-empty">Nothing matches “{spec.text}”.</p>
          ) : null}
          {hits.map((hit, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard selection goes through the combobox.
            <div
              key={hitKey(hit)}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? "palette-option active" : "palette-option"}
              onMouseMove={() => setActive(i)}
              onClick={() => choose(hit)}
            >
              <span className="search-kind">{hit.kind}</span>
              <span className="search-name">
                {hit.metadata.namespace ? <span className="muted">{hit.metadata.namespace}/</span> : null}
                {hit.metadata.name}
              </span>
              <HealthVerdict health={hit.hit.health} />
              {hit.hit.matched
                ?.filter((m) => m.startsWith("label "))
                .map((m) => (
                  <span key={m} className="tag">
                    {m.slice("label ".length)}
                  </span>
                ))}
            </div>
          ))}
        </div>
        {spec ? (
          <div className="search-footer">
            <SearchProgress stream={stream} />
            <a
              href={allUrl}
              onClick={(e) => {
                e.preventDefault();
                onClose();
                navigate(allUrl);
              }}
            >
              All results
            </a>
          </div>
        ) : null}
      </div>
    </div>
  );
}
