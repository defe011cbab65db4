import type { CrdSummary } from "@loupe/protocol";
import { useMemo, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ConnectionIndicator } from "../../../components/ui/connection-indicator.tsx";
import { type VirtualColumn, VirtualTable } from "../../../components/ui/virtual-table.tsx";
import { crdUrl, instancesUrl } from "../../../lib/crd-urls.ts";
import { count } from "../../../lib/format.ts";
import { inAppClick } from "../../../lib/in-app-link.ts";
import { useObjectCounts } from "../api/count-objects.ts";
import { useCrdList } from "../api/list-crds.ts";
import { useCrdFollow } from "../hooks/use-crd-follow.ts";
import { type CrdSortKey, filterCrds, listVersionOf, problemsOf, sortCrds } from "../utils/crd-filter.ts";
import { VersionChips } from "./version-chips.tsx";
import "../crds.css";

/** Counting asks one small list per CRD: past this many shown, the user narrows the filter first. */
const MAX_COUNTED = 300;

/**
 * `/c/<context>/crds`: every CustomResourceDefinition in one live table — kind, group, versions (served, storage,
 * deprecated), scope, categories, short names, conversion, whether it is established and its names accepted, and
 * object counts when asked. Filters live in the URL (`q`, `scope`, `problems=1`, `sort`, `desc=1`).
 */
export function CrdHome({ context }: { context: string }) {
  const list = useCrdList(context);
  const status = useCrdFollow(context);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const text = params.get("q") ?? "";
  const scope = (params.get("scope") ?? "") as "" | "Namespaced" | "Cluster";
  const problems = params.get("problems") === "1";
  const sortKey = (params.get("sort") as CrdSortKey | null) ?? null;
  const desc = params.get("desc") === "1";
  const [counting, setCounting] = useState(false);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const all = list.data?.items;
  const shown = useMemo(
    () => sortCrds(filterCrds(all ?? [], { text, scope, problems }), sortKey, desc),
    [all, text, scope, problems, sortKey, desc],
  );
  const countable = shown.length <= MAX_COUNTED;
  const refs = useMemo(
    () =>
      countable
        ? shown.flatMap((c) => {
            const version = listVersionOf(c.versions);
            return version ? [{ group: c.group, version, resource: c.plural }] : [];
          })
        : [],
    [shown, countable],
  );
  const counts = useObjectCounts(context, refs, counting);
  const countByName = useMemo(() => {
    const map = new Map<string, (typeof counts)[number]>();
    refs.forEach((ref, i) => {
      const result = counts[i];
      if (result) map.set(`${ref.resource}.${ref.group}`, result);
    });
    return map;
  }, [refs, counts]);
  const groups = useMemo(() => new Set((all ?? []).map((c) => c.group)).size, [all]);

  const columns = useMemo<VirtualColumn<CrdSummary>[]>(
    () => [
      {
        id: "kind",
        header: "Kind",
        width: "minmax(8rem, 1fr)",
        sortable: true,
        cell: (c) => (
          <a
            className="name-link"
            href={crdUrl(context, c.name)}
            onClick={inAppClick(navigate, crdUrl(context, c.name))}
          >
            {c.kind}
          </a>
        ),
      },
      {
        id: "group",
        header: "Group",
        width: "minmax(9rem, 1.2fr)",
        sortable: true,
        cell: (c) => (
          <a
            href={instancesUrl(context, { group: c.group })}
            title={`Every object of ${c.group}`}
            onClick={inAppClick(navigate, instancesUrl(context, { group: c.group }))}
          >
            {c.group}
          </a>
        ),
      },
      {
        id: "versions",
        header: "Versions",
        description: "Served versions; the storage version is bold, deprecated ones struck, unserved ones faint",
        width: "minmax(11rem, 1.3fr)",
        sortable: true,
        cell: (c) => <VersionChips versions={c.versions} storedVersions={c.storedVersions} limit={3} />,
      },
      { id: "scope", header: "Scope", width: "6.2rem", sortable: true, cell: (c) => c.scope },
      {
        id: "names",
        header: "Names · categories",
        width: "minmax(7rem, 0.9fr)",
        cell: (c) => <span className="muted">{[...c.shortNames, ...c.categories.map((x) => `#${x}`)].join(" ")}</span>,
      },
      { id: "conversion", header: "Conversion", width: "6rem", sortable: true, cell: (c) => c.conversion },
      { id: "status", header: "Status", width: "minmax(7rem, 0.9fr)", cell: (c) => <CrdState crd={c} /> },
      {
        id: "objects",
        header: "Objects",
        description: "Counted on request (Count objects)",
        width: "4.8rem",
        align: "end",
        cell: (c) => {
          const result = countByName.get(c.name);
          if (!result || (result.fetchStatus === "idle" && result.data === undefined))
            return <span className="muted">—</span>;
          if (result.isError)
            return (
              <span className="cond-false" title={result.error.message}>
                error
              </span>
            );
          if (result.data === undefined) return <span className="muted">…</span>;
          return count(result.data);
        },
      },
    ],
    [context, navigate, countByName],
  );

  return (
    <section className="list-view crd-home" aria-labelledby="crds-heading">
      <header className="view-header">
        <div>
          <h2 id="crds-heading">Custom resources</h2>
          <p className="muted subtitle">
            {all ? `${count(all.length)} CustomResourceDefinitions in ${count(groups)} groups` : "Reading CRDs…"}
          </p>
        </div>
        <ConnectionIndicator status={list.isError ? { state: "error", message: list.error.message } : status} />
      </header>
      <div className="toolbar">
        <label className="field">
          <span>Filter</span>
          <input
            type="search"
            value={text}
            placeholder="kind, group, short name, category"
            aria-label="Filter CRDs"
            onChange={(e) => update({ q: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Scope</span>
          <select value={scope} aria-label="Scope" onChange={(e) => update({ scope: e.target.value })}>
            <option value="">Any</option>
            <option value="Namespaced">Namespaced</option>
            <option value="Cluster">Cluster</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={problems}
            onChange={(e) => update({ problems: e.target.checked ? "1" : undefined })}
          />
          Needing attention
        </label>
        <button
          type="button"
          disabled={!countable || shown.length === 0}
          title={
            countable ? "Count the objects of the CRDs shown" : `Narrow the filter to ${MAX_COUNTED} CRDs or fewer`
          }
          onClick={() => setCounting(true)}
        >
          Count objects
        </button>
      </div>
      {list.isError ? (
        <ErrorNote error={list.error} onRetry={() => void list.refetch()} action={`list the CRDs of ${context}`} />
      ) : null}
      {all ? (
        <p className="list-status muted" role="status">
          {shown.length === all.length
            ? `${count(all.length)} CRDs`
            : `${count(shown.length)} of ${count(all.length)} CRDs`}
        </p>
      ) : null}
      {all && shown.length === 0 ? <p className="empty">No CRD matches.</p> : null}
      {all && shown.length > 0 ? (
        <VirtualTable
          label="CRDs table"
          rows={shown}
          columns={columns}
          rowKey={(c) => c.name}
          sort={sortKey ? { column: sortKey, desc } : null}
          onSort={(column) => {
            if (sortKey !== column) update({ sort: column, desc: undefined });
            else if (!desc) update({ desc: "1" });
            else update({ sort: undefined, desc: undefined });
          }}
          onOpen={(c) => navigate(crdUrl(context, c.name))}
        />
      ) : null}
    </section>
  );
}

/** Established and NamesAccepted in one word, with every problem in the tooltip. */
function CrdState({ crd }: { crd: CrdSummary }) {
  const problems = problemsOf(crd);
  const established = crd.conditions.find((c) => c.type === "Established")?.status === "True";
  const accepted = crd.conditions.find((c) => c.type === "NamesAccepted")?.status === "True";
  if (!established || !accepted) {
    return (
      <span className="cond-false" title={problems.join("\n")}>
        {!accepted ? "Names rejected" : "Not established"}
      </span>
    );
  }
  if (problems.length > 0) {
    return (
      <span className="cond-unknown" title={problems.join("\n")}>
        Established · {problems.length === 1 ? "1 note" : `${problems.length} notes`}
      </span>
    );
  }
  return <span className="cond-true">Established</span>;
}
