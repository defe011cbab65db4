import type { Catalog, CatalogResource } from "@loupe/protocol";
import { useDeferredValue, useMemo, useState } from "react";
import { useLocation, useNavigate } from "react-router";
import { crdsUrl, instancesUrl } from "../../../lib/crd-urls.ts";
import { inAppClick } from "../../../lib/in-app-link.ts";
import { kindKey, useKindMemory } from "../../../lib/kind-memory.ts";
import { contextUrl, parseK8sPath } from "../../../lib/resource-path.ts";
import { kindsOf } from "../utils/kinds.ts";
import { type NavModel, navModel } from "../utils/nav-model.ts";
import { KindLink } from "./kind-link.tsx";
import { type Links, NavGroups } from "./nav-groups.tsx";

/**
 * The sidebar, built to stay instant at 1,500 CRDs: a filter (kind, plural, short name, group or category, as the
 * palette), the kinds the user pinned and recently visited (kept in the browser), custom resources by API group —
 * collapsed by default past a size, a collapsed group drawing nothing — then the categories of custom kinds
 * (`kubectl get crossplane`: each opens one list of all their objects), then built-ins. Each kind at its default
 * version; links keep the namespace being browsed for namespaced kinds. It follows the catalog as it changes.
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
  // Typing stays responsive whatever the catalog's size: the lists follow a moment later if they must.
  const deferred = useDeferredValue(filter);
  const kinds = useMemo(() => kindsOf(catalog), [catalog]);
  const model = useMemo(() => navModel(kinds, deferred), [kinds, deferred]);
  const memory = useKindMemory(context);
  const filtering = deferred.trim() !== "";
  // Plain anchors with one navigate and one location for all of them (lib/in-app-link.ts): a catalog of a few
  // hundred kinds made as many NavLinks, each resolving its path and matching the location on every render.
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const current = parseK8sPath(pathname.slice(contextUrl(context).length));
  const links: Links = {
    context,
    namespace,
    navigate,
    pathname,
    activeGroup: current ? current.group : undefined,
    pinned: new Set(memory.pinned),
  };
  const remembered = (keys: readonly string[]) =>
    keys.map((k) => model.byKey.get(k)).filter((k): k is CatalogResource => k !== undefined);
  const pinned = remembered(memory.pinned);
  const recent = remembered(memory.recent).filter((k) => !links.pinned.has(kindKey(k)));
  const home = crdsUrl(context);

  return (
    <nav className="catalog-nav" aria-label="Resources">
      <label className="field nav-filter">
        <span className="visually-hidden">Filter resources</span>
        <input
          type="search"
          value={filter}
          placeholder="Filter: kind, group, category"
          aria-label="Filter resources"
          onChange={(e) => setFilter(e.target.value)}
        />
      </label>
      {!filtering && pinned.length > 0 ? <KindList title="Pinned" kinds={pinned} links={links} /> : null}
      {!filtering && recent.length > 0 ? <KindList title="Recent" kinds={recent} links={links} /> : null}
      <NavGroups
        title="Custom resources"
        groups={model.custom}
        links={links}
        defaultOpen={filtering || !model.collapse}
        empty={filtering ? "Nothing matches." : "No custom resources found."}
        head={
          <a className="nav-home" href={home} onClick={inAppClick(navigate, home)}>
            All custom resources
          </a>
        }
      />
      {model.hidden > 0 ? (
        <p className="muted nav-empty" role="status">
          {model.hidden} more kinds match: refine the filter.
        </p>
      ) : null}
      {!filtering && model.categories.length > 0 ? (
        <Categories context={context} categories={model.categories} navigate={navigate} />
      ) : null}
      <NavGroups title="Built-in" groups={model.builtin} links={links} defaultOpen={filtering} />
    </nav>
  );
}

function KindList({ title, kinds, links }: { title: string; kinds: CatalogResource[]; links: Links }) {
  const id = `nav-${title.toLowerCase()}`;
  return (
    <section aria-labelledby={id} className="nav-section nav-group">
      <h2 id={id} className="nav-section-title">
        {title}
      </h2>
      <ul>
        {kinds.map((r) => (
          <KindLink key={kindKey(r)} resource={r} links={links} showGroup />
        ))}
      </ul>
    </section>
  );
}

/**
 * Categories of custom kinds (`kubectl get <category>`), each opening one live list of all their objects. Closed,
 * it draws nothing but its title: a provider's CRDs bring a category per group.
 */
function Categories({
  context,
  categories,
  navigate,
}: {
  context: string;
  categories: NavModel["categories"];
  navigate: (to: string) => void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="nav-categories" className="nav-section">
      <details
        className="nav-group"
        open={open}
        onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
      >
        <summary>
          <h2 id="nav-categories" className="nav-section-title nav-inline-title">
            Categories
          </h2>
          <span className="count">{categories.length}</span>
        </summary>
        {open ? (
          <ul>
            {categories.map((c) => {
              const to = instancesUrl(context, { category: c.name });
              return (
                <li key={c.name}>
                  <a
                    href={to}
                    title={`Every object of the ${c.kinds.length} kinds in category ${c.name}`}
                    onClick={inAppClick(navigate, to)}
                  >
                    {c.name} <span className="count">{c.kinds.length}</span>
                  </a>
                </li>
              );
            })}
          </ul>
        ) : null}
      </details>
    </section>
  );
}
