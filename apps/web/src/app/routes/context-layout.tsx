import { Link, NavLink, Outlet, useNavigate, useParams } from "react-router";
import { ContextPicker } from "../../components/context-picker.tsx";
import { ErrorNote } from "../../components/error-note.tsx";
import { useCatalog } from "../../features/catalog/api/get-catalog.ts";
import { CatalogNav } from "../../features/catalog/components/catalog-nav.tsx";
import { CommandPalette } from "../../features/catalog/components/command-palette.tsx";
import { useCatalogFollow } from "../../features/catalog/hooks/use-catalog-follow.ts";
import { useContexts } from "../../features/cluster/api/get-contexts.ts";
import { SearchLauncher } from "../../features/search/components/search-dialog.tsx";
import { UserMenu } from "../../features/session/components/user-menu.tsx";
import { crdsUrl } from "../../lib/crd-urls.ts";
import { applyUrl } from "../../lib/editor-urls.ts";
import { activityUrl, contextUrl, parseK8sPath } from "../../lib/resource-path.ts";

/**
 * The frame of every view of one context: the top bar (context switcher, kind palette, activity) and the catalog
 * sidebar, around the routed view. Switching context is a client-side navigation, not a reload.
 */
export function ContextLayout() {
  const params = useParams();
  const context = params.context as string;
  const navigate = useNavigate();
  const contexts = useContexts();
  const catalog = useCatalog(context);
  useCatalogFollow(context);
  const namespace = parseK8sPath(params["*"] ?? "")?.namespace;

  return (
    <div className="shell">
      <header className="topbar">
        <h1 className="brand">
          <Link to={contextUrl(context)}>Loupe</Link>
        </h1>
        {contexts.data ? (
          <ContextPicker
            contexts={contexts.data.contexts}
            value={context}
            onChange={(name) => navigate(contextUrl(name))}
          />
        ) : null}
        <CommandPalette key={context} context={context} catalog={catalog.data} namespace={namespace} />
        <SearchLauncher key={`search-${context}`} context={context} namespace={namespace} />
        <nav aria-label="Views" className="topnav">
          <NavLink to={crdsUrl(context)}>Custom resources</NavLink>
          <NavLink to={activityUrl(context)}>Activity</NavLink>
          <NavLink to={`${contextUrl(context)}/queries`}>Queries</NavLink>
          <NavLink to={applyUrl(context)}>Apply YAML</NavLink>
        </nav>
        <UserMenu />
      </header>
      <div className="body">
        <aside className="sidebar">
          {catalog.isPending ? <p className="muted">Loading the API catalog…</p> : null}
          {catalog.isError && !catalog.data ? (
            <ErrorNote
              error={catalog.error}
              onRetry={() => void catalog.refetch()}
              action={`read the API catalog of ${context}`}
            />
          ) : null}
          {catalog.data ? <CatalogNav context={context} catalog={catalog.data} namespace={namespace} /> : null}
        </aside>
        <main className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
