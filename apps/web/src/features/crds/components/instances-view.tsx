import type { CatalogResource, WatchTarget } from "@loupe/protocol";
import { useMemo } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { ConnectionIndicator, type ConnectionStatus } from "../../../components/ui/connection-indicator.tsx";
import { type VirtualColumn, VirtualTable } from "../../../components/ui/virtual-table.tsx";
import { useMultiWatch } from "../../../hooks/use-multi-watch.ts";
import { useNow } from "../../../hooks/use-now.ts";
import { crdUrl, instancesUrl } from "../../../lib/crd-urls.ts";
import { ageOf, count } from "../../../lib/format.ts";
import { inAppClick } from "../../../lib/in-app-link.ts";
import { viewUrl } from "../../../lib/resource-path.ts";
import "../crds.css";

/** Kinds watched at once: each is one subscription on the tab's socket, which allows 100 in all. */
export const MAX_KINDS = 40;

interface InstanceRow {
  key: string;
  resource: CatalogResource;
  namespace: string | undefined;
  name: string;
  created: string | undefined;
}

/**
 * `/c/<context>/instances?group=<group>`, `?category=<category>` or `?kinds=<plural.group>,…`: the objects of several
 * custom kinds in one live table with a Kind column — a whole API group (everything a provider or operator made),
 * a category (`kubectl get crossplane`), or kinds picked by hand. `kinds` offers every custom kind the catalog serves (the route passes them; at their default versions).
 */
export function InstancesView({ context, kinds }: { context: string; kinds: readonly CatalogResource[] }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const now = useNow(5_000);
  const group = params.get("group") ?? "";
  const category = params.get("category") ?? "";
  const kindsParam = params.get("kinds") ?? "";
  const picked = useMemo(() => kindsParam.split(",").filter(Boolean), [kindsParam]);
  const filter = (params.get("q") ?? "").toLowerCase();
  const groups = useMemo(() => [...new Set(kinds.map((k) => k.group))].sort(), [kinds]);
  // The kinds offered: a category's (`kubectl get <category>`), else the group's.
  const inGroup = useMemo(
    () => kinds.filter((k) => (category ? k.categories.includes(category) : k.group === group)),
    [kinds, group, category],
  );
  const chosen = useMemo(() => {
    const names = new Set(picked);
    const list = picked.length > 0 ? kinds.filter((k) => names.has(qualified(k))) : inGroup;
    return list.slice(0, MAX_KINDS);
  }, [kinds, inGroup, picked]);
  const tooMany = (picked.length > 0 ? picked.length : inGroup.length) > MAX_KINDS;

  const targets = useMemo<WatchTarget[]>(
    () => chosen.map((k) => ({ context, group: k.group, version: k.version, resource: k.resource, table: true })),
    [context, chosen],
  );
  const watched = useMultiWatch(targets);
  const rows = useMemo(() => {
    const out: InstanceRow[] = [];
    watched.forEach((w, i) => {
      const resource = chosen[i];
      if (!resource || !w.rows) return;
      for (const row of w.rows) {
        const m = row.object.metadata;
        const name = m.name;
        out.push({
          key: `${qualified(resource)}/${m.namespace ?? ""}/${name}`,
          resource,
          namespace: m.namespace,
          name,
          created: m.creationTimestamp,
        });
      }
    });
    const shown = filter
      ? out.filter((r) => `${r.resource.kind} ${r.namespace ?? ""} ${r.name}`.toLowerCase().includes(filter))
      : out;
    return shown.sort(
      (a, b) =>
        a.resource.kind.localeCompare(b.resource.kind) ||
        (a.namespace ?? "").localeCompare(b.namespace ?? "") ||
        a.name.localeCompare(b.name),
    );
  }, [watched, chosen, filter]);
  const status = combined(watched.map((w) => w.status));
  const loaded = watched.filter((w) => w.rows !== undefined).length;

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  const toggle = (k: CatalogResource, on: boolean) => {
    const current = new Set(picked.length > 0 ? picked : inGroup.map(qualified));
    if (on) current.add(qualified(k));
    else current.delete(qualified(k));
    update({ kinds: [...current].join(",") || undefined });
  };

  const columns = useMemo<VirtualColumn<InstanceRow>[]>(
    () => [
      {
        id: "kind",
        header: "Kind",
        width: "minmax(8rem, 1fr)",
        cell: (r) => {
          const to = crdUrl(context, qualified(r.resource));
          return (
            <a href={to} title={`${qualified(r.resource)} (${r.resource.version})`} onClick={inAppClick(navigate, to)}>
              {r.resource.kind}
            </a>
          );
        },
      },
      {
        id: "group",
        header: "Group",
        width: "minmax(8rem, 1fr)",
        cell: (r) => <span className="muted">{r.resource.group}</span>,
      },
      { id: "namespace", header: "Namespace", width: "minmax(7rem, 0.8fr)", cell: (r) => r.namespace ?? "" },
      {
        id: "name",
        header: "Name",
        width: "minmax(12rem, 2fr)",
        cell: (r) => {
          const to = objectUrl(context, r);
          return (
            <a className="name-link" href={to} onClick={inAppClick(navigate, to)}>
              {r.name}
            </a>
          );
        },
      },
      { id: "age", header: "Age", width: "5rem", align: "end", cell: (r) => ageOf(r.created, now) },
    ],
    [context, navigate, now],
  );

  return (
    <section className="list-view instances-view" aria-labelledby="instances-heading">
      <header className="view-header">
        <div>
          <h2 id="instances-heading">All instances</h2>
          <p className="muted subtitle">
            {chosen.length === 0
              ? "Choose an API group or kinds"
              : `${chosen.length} ${chosen.length === 1 ? "kind" : "kinds"}${category ? ` in category ${category}` : group && picked.length === 0 ? ` of ${group}` : ""}`}
          </p>
        </div>
        <ConnectionIndicator status={status} />
      </header>
      <div className="toolbar">
        <label className="field">
          <span>Group</span>
          <select
            aria-label="API group"
            value={group}
            onChange={(e) => navigate(instancesUrl(context, { group: e.target.value || undefined }))}
          >
            <option value="">—</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Filter</span>
          <input
            type="search"
            aria-label="Filter objects"
            placeholder="kind, namespace or name"
            value={params.get("q") ?? ""}
            onChange={(e) => update({ q: e.target.value })}
          />
        </label>
      </div>
      {inGroup.length > 0 ? (
        <fieldset className="kind-chooser">
          <legend className="visually-hidden">
            {category ? `Kinds in category ${category}` : `Kinds of ${group}`}
          </legend>
          {inGroup.map((k) => (
            <label key={qualified(k)} className="check">
              <input
                type="checkbox"
                checked={chosen.some((c) => qualified(c) === qualified(k))}
                onChange={(e) => toggle(k, e.target.checked)}
              />
              {k.kind}
            </label>
          ))}
        </fieldset>
      ) : null}
      {tooMany ? (
        <p className="hint" role="note">
          Watching the first {MAX_KINDS} kinds only: untick some, or pick kinds.
        </p>
      ) : null}
      {chosen.length > 0 ? (
        <p className="list-status muted" role="status">
          {count(rows.length)} objects
          {loaded < chosen.length ? ` · reading ${chosen.length - loaded} of ${chosen.length} kinds…` : ""}
        </p>
      ) : null}
      {chosen.length > 0 && loaded === chosen.length && rows.length === 0 ? (
        <p className="empty">No objects of these kinds{filter ? " match" : " exist"}.</p>
      ) : null}
      {rows.length > 0 ? (
        <VirtualTable
          label="Instances table"
          rows={rows}
          columns={columns}
          rowKey={(r) => r.key}
          sort={null}
          onOpen={(r) => navigate(objectUrl(context, r))}
        />
      ) : null}
    </section>
  );
}

/** `plural.group`, as kubectl and the `kinds` parameter name a kind. */
function qualified(k: CatalogResource): string {
  return `${k.resource}.${k.group}`;
}

function objectUrl(context: string, r: InstanceRow): string {
  return viewUrl(context, {
    group: r.resource.group,
    version: r.resource.version,
    resource: r.resource.resource,
    namespace: r.namespace,
    name: r.name,
  });
}

/** The worst of several watches' states: one in error makes the view's state an error, naming how many. */
function combined(states: readonly { state: string; message?: string }[]): ConnectionStatus {
  if (states.length === 0) return { state: "snapshot", message: "Nothing watched yet" };
  const failed = states.filter((s) => s.state === "error");
  if (failed.length > 0) {
    return { state: "error", message: `${failed.length} of ${states.length} kinds: ${failed[0]?.message ?? "error"}` };
  }
  if (states.some((s) => s.state === "reconnecting")) return { state: "reconnecting" };
  if (states.every((s) => s.state === "live")) return { state: "live" };
  return { state: "syncing" };
}
