import type { Catalog, CatalogResource } from "@loupe/protocol";
import type { ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { ErrorNote } from "../../components/error-note.tsx";
import { useCatalog } from "../../features/catalog/api/get-catalog.ts";
import { findResource } from "../../features/catalog/utils/kinds.ts";
import { useContexts } from "../../features/cluster/api/get-contexts.ts";
import { ApplyPage } from "../../features/editor/components/apply-page.tsx";
import { EditObjectPage } from "../../features/editor/components/edit-page.tsx";
import { NewObjectLink } from "../../features/editor/components/new-object-link.tsx";
import { NewObjectPage } from "../../features/editor/components/new-page.tsx";
import { SchemaBrowser } from "../../features/schema/components/schema-browser.tsx";
import { schemaUrl } from "../../lib/editor-urls.ts";
import { contextUrl, parseK8sPath, qualifiedName, type ResourceTarget, viewUrl } from "../../lib/resource-path.ts";

/**
 * The editor's routes (URLs in lib/editor-urls.ts):
 *   /c/<context>/edit/<object path>[?subresource=status]  EditObjectPage
 *   /c/<context>/new/<collection path>                    NewObjectPage
 *   /c/<context>/schema/<group|core>/<version>/<kind>     SchemaBrowser (?field= highlights one field)
 *   /c/<context>/apply                                    ApplyPage (multi-document YAML, server-side apply)
 * Each resolves the path against the context's catalog first, as ResourceRoute does.
 */

/** The catalog entry the splat path names, or what to render instead (loading, error, not served). */
function useResolved(context: string, splat: string) {
  const catalog = useCatalog(context);
  const target = parseK8sPath(splat);
  if (!target) return { problem: <Problem context={context} text="This address is not a Kubernetes resource path." /> };
  if (catalog.isPending) return { problem: <p className="muted">Loading the API catalog…</p> };
  if (!catalog.data) {
    return {
      problem: (
        <ErrorNote
          error={catalog.error as Error}
          onRetry={() => void catalog.refetch()}
          action={`read the API catalog of ${context}`}
        />
      ),
    };
  }
  const resource = findResource(catalog.data, target);
  if (!resource) {
    const text = `The cluster does not serve ${qualifiedName(target)} at version ${target.version} (any more).`;
    return { problem: <Problem context={context} text={text} /> };
  }
  if (target.name !== undefined && resource.namespaced && target.namespace === undefined) {
    const text = `${resource.kind} is namespaced: the address must name a namespace.`;
    return { problem: <Problem context={context} text={text} /> };
  }
  if (target.namespace !== undefined && !resource.namespaced) {
    const text = `${resource.kind} is cluster-scoped: it has no namespaces.`;
    return { problem: <Problem context={context} text={text} /> };
  }
  return { resource, target };
}

/** `/c/<context>/edit/<object path>`. */
export function EditRoute() {
  const params = useParams();
  const [search] = useSearchParams();
  const context = params.context as string;
  const resolved = useResolved(context, params["*"] ?? "");
  if (!resolved.resource) return resolved.problem;
  const { resource, target } = resolved;
  if (target.name === undefined) return <Problem context={context} text="The editor needs an object: add its name." />;
  const wantsStatus = search.get("subresource") === "status";
  if (wantsStatus && !resource.subresources.includes("status")) {
    return <Problem context={context} text={`${resource.kind} has no status subresource: edit the object instead.`} />;
  }
  const subresource = wantsStatus ? "status" : undefined;
  return (
    <EditObjectPage
      key={`${params["*"]}?${subresource ?? ""}`}
      context={context}
      resource={resource}
      namespace={target.namespace}
      name={target.name}
      subresource={subresource}
    />
  );
}

/** `/c/<context>/new/<collection path>`: in the path's namespace, else the context's default namespace. */
export function NewRoute() {
  const params = useParams();
  const context = params.context as string;
  const contexts = useContexts();
  const resolved = useResolved(context, params["*"] ?? "");
  if (!resolved.resource) return resolved.problem;
  const { resource, target } = resolved;
  if (target.name !== undefined)
    return <Problem context={context} text="A new object is created in a collection: remove the name." />;
  const fallback = contexts.data?.contexts.find((c) => c.name === context)?.namespace ?? "default";
  const namespace = target.namespace ?? fallback;
  return (
    <NewObjectPage key={`${params["*"]}|${namespace}`} context={context} resource={resource} namespace={namespace} />
  );
}

/** `/c/<context>/apply`: multi-document YAML applied against the context's catalog. */
export function ApplyRoute() {
  const context = useParams().context as string;
  const catalog = useCatalog(context);
  const contexts = useContexts();
  if (catalog.isPending) return <p className="muted">Loading the API catalog…</p>;
  if (!catalog.data) {
    return (
      <ErrorNote
        error={catalog.error as Error}
        onRetry={() => void catalog.refetch()}
        action={`read the API catalog of ${context}`}
      />
    );
  }
  const namespace = contexts.data?.contexts.find((c) => c.name === context)?.namespace ?? "default";
  return <ApplyPage key={context} context={context} resources={catalog.data.resources} defaultNamespace={namespace} />;
}

/** `/c/<context>/schema/<group|core>/<version>/<kind>`, with links to the kind's list, other versions and "New". */
export function SchemaRoute() {
  const params = useParams();
  const [search] = useSearchParams();
  const context = params.context as string;
  const group = params.group === "core" ? "" : (params.group ?? "");
  const version = params.version ?? "";
  const kind = params.kind ?? "";
  const catalog = useCatalog(context);
  const entry = catalog.data ? kindEntry(catalog.data, group, version, kind) : undefined;
  return (
    <SchemaBrowser
      key={`${group}/${version}/${kind}`}
      context={context}
      group={group}
      version={version}
      kind={kind}
      field={search.get("field") ?? undefined}
      links={entry ? <SchemaLinks context={context} entry={entry} kind={kind} group={group} version={version} /> : null}
    />
  );
}

function kindEntry(catalog: Catalog, group: string, version: string, kind: string): CatalogResource | undefined {
  return catalog.resources.find(
    (r) => r.group === group && r.version === version && r.kind === kind && !r.resource.includes("/"),
  );
}

function SchemaLinks({
  context,
  entry,
  kind,
  group,
  version,
}: {
  context: string;
  entry: CatalogResource;
  kind: string;
  group: string;
  version: string;
}): ReactNode {
  const list: ResourceTarget = { group: entry.group, version: entry.version, resource: entry.resource };
  return (
    <>
      <Link to={viewUrl(context, list)}>All {entry.resource}</Link>
      <NewObjectLink context={context} resource={entry} namespace={undefined} />
      {entry.versions
        .filter((v) => v !== version)
        .map((v) => (
          <Link key={v} to={schemaUrl(context, { group, version: v, kind })}>
            {kind} {v}
          </Link>
        ))}
    </>
  );
}

function Problem({ context, text }: { context: string; text: string }) {
  return (
    <div className="page-message">
      <p role="alert" className="error-note">
        {text}
      </p>
      <Link to={contextUrl(context)}>Back to the cluster</Link>
    </div>
  );
}
