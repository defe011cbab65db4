import type { Catalog, CatalogResource } from "@loupe/protocol";
import { useMemo, useState } from "react";
import { NavLink } from "react-router";
import { viewUrl } from "../../../lib/resource-path.ts";
import { type GroupSection, kindsOf, scoreKind, sectionsOf } from "../utils/kinds.ts";

/**
 * The sidebar: API groups → resources, custom resources first and apart from built-ins, each at its preferred
 * version. It follows the catalog as it changes (a new CRD appears, a deleted one goes). Links keep the namespace
 * being browsed for namespaced kinds.
 */
export function CatalogNav({
  context,
  catalog,
  namespace,
}: {
  context: string;
  catalog: Catalog;
  namespace: string | undefined;
}) {
  const [filter, setFilter] = useState("");
  const sections = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const kinds = kindsOf(catalog).filter((k) => q === "" || scoreKind(q, k) > 0);
    return sectionsOf(kinds);
  }, [catalog, filter]);
  const open = filter.trim() !== "";

  return (
    <nav className="catalog-nav" aria-label="Resources">
      <label className="field nav-filter">
        <span className="visually-hidden">Filter resources</span>
        <input
          type="search"
          value={filter}
          placeholder="Filter resources"
          aria-label="Filter resources"
          onChange={(e) => setFilter(e.target.value)}
        />
      </label>
      <Section
        title="Custom resources"
        groups={sections.custom}
        context={context}
        namespace={namespace}
        open
        empty={filter.trim() ? "Nothing matches." : "No custom resources found."}
      />
      <Section title="Built-in" groups={sections.builtin} context={context} namespace={namespace} open={open} />
    </nav>
  );
}

function Section(props: {
  title: string;
  groups: GroupSection[];
  context: string;
  namespace: string | undefined;
  open: boolean;
  empty?: string;
}) {
  const id = `nav-${props.title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <section aria-labelledby={id} className="nav-section">
      <h2 id={id} className="nav-section-title">
        {props.title}
      </h2>
      {props.groups.length === 0 ? <p className="muted nav-empty">{props.empty ?? "Nothing matches."}</p> : null}
      {props.groups.map((g) => (
        <details key={g.group} open={props.open || g.group === "" || undefined} className="nav-group">
          <summary>
            <span className="nav-group-name" title={g.group || "core (the legacy group: /api/v1)"}>
              {g.group === "" ? "core" : g.group}
            </span>
            <span className="count" title={`${g.resources.length} resources`}>
              {g.resources.length}
            </span>
          </summary>
          <ul>
            {g.resources.map((r) => (
              <li key={r.resource}>
                <NavLink to={linkOf(props.context, r, props.namespace)} title={`${r.resource} (${versionText(r)})`}>
                  {r.kind}
                </NavLink>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}

function versionText(r: CatalogResource): string {
  return r.group === "" ? r.version : `${r.group}/${r.version}`;
}

/** The list URL of a kind, keeping the namespace being browsed when the kind is namespaced. */
export function linkOf(context: string, r: CatalogResource, namespace: string | undefined): string {
  return viewUrl(context, {
    group: r.group,
    version: r.version,
    resource: r.resource,
    namespace: r.namespaced ? namespace : undefined,
  });
}
