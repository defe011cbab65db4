import type { Catalog, CatalogResource } from "@loupe/protocol";
import { useMemo, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { inAppClick } from "../../../lib/in-app-link.ts";
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
  // Plain anchors with one navigate and one location for all of them (lib/in-app-link.ts): a catalog of a few
  // hundred kinds made as many NavLinks, each resolving its path and matching the location on every render.
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const links = { context, namespace, navigate, pathname };

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
        links={links}
        open
        empty={filter.trim() ? "Nothing matches." : "No custom resources found."}
      />
      <Section title="Built-in" groups={sections.builtin} links={links} open={open} />
    </nav>
  );
}

interface Links {
  context: string;
  namespace: string | undefined;
  navigate: (to: string) => void;
  /** The current location's path: the link to it (or to a page under it, an object of the kind) is active. */
  pathname: string;
}

function Section(props: { title: string; groups: GroupSection[]; links: Links; open: boolean; empty?: string }) {
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
            {g.resources.map((r) => {
              const { context, namespace, navigate, pathname } = props.links;
              const to = linkOf(context, r, namespace);
              const active = pathname === to || pathname.startsWith(`${to}/`);
              return (
                <li key={r.resource}>
                  <a
                    href={to}
                    className={active ? "active" : undefined}
                    aria-current={active ? "page" : undefined}
                    title={`${r.resource} (${versionText(r)})`}
                    onClick={inAppClick(navigate, to)}
                  >
                    {r.kind}
                  </a>
                </li>
              );
            })}
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
