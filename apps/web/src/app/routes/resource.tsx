import type { Catalog } from "@loupe/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { ErrorNote } from "../../components/error-note.tsx";
import { firstPageQueryOptions } from "../../features/browse/api/list-table.ts";
import { ResourceList } from "../../features/browse/components/resource-list.tsx";
import { useCatalog } from "../../features/catalog/api/get-catalog.ts";
import { findKind, findResource } from "../../features/catalog/utils/kinds.ts";
import { NewObjectLink } from "../../features/editor/components/new-object-link.tsx";
import type { OwnerReference } from "../../features/object/components/metadata-card.tsx";
import { kindKey, rememberVisit } from "../../lib/kind-memory.ts";
import {
  activityUrl,
  contextUrl,
  parseK8sPath,
  qualifiedName,
  splitApiVersion,
  viewUrl,
} from "../../lib/resource-path.ts";

// The object page (YAML, history, diff) and its actions (delete and scale dialogs) load on the first object visited:
// a list, the usual first view, does not wait for their code.
const ObjectPage = lazy(async () => ({
  default: (await import("../../features/object/components/object-page.tsx")).ObjectPage,
}));
const RecordedHistory = lazy(async () => ({
  default: (await import("../../features/history/components/recorded-history.tsx")).RecordedHistory,
}));
const FieldBlame = lazy(async () => ({
  default: (await import("../../features/history/components/field-blame.tsx")).FieldBlame,
}));
const ObjectActions = lazy(async () => ({
  default: (await import("../../features/editor/components/object-actions.tsx")).ObjectActions,
}));

/** `/c/<context>/<kubernetes path>`: a list or one object of whatever resource the path names, if served. */
export function ResourceRoute() {
  const params = useParams();
  const context = params.context as string;
  const catalog = useCatalog(context);
  const target = parseK8sPath(params["*"] ?? "");
  const [search] = useSearchParams();
  const labelSelector = search.get("labelSelector") || undefined;
  const queryClient = useQueryClient();
  const listPath = target && target.name === undefined ? (params["*"] ?? "") : undefined;
  // A list's first page is requested at once, in parallel with the catalog, not after it: the path names the
  // resource already, and ResourceList's query picks up the request in flight (same key). If the catalog then says
  // the resource is not served, the page's answer is simply never shown.
  // biome-ignore lint/correctness/useExhaustiveDependencies: one prefetch per list address.
  useEffect(() => {
    if (!listPath || !target) return;
    const { group, version, resource, namespace } = target;
    void queryClient.prefetchQuery(
      firstPageQueryOptions(context, { group, version, resource, namespace }, labelSelector),
    );
  }, [context, listPath, labelSelector, queryClient]);

  // A kind served and visited joins the sidebar's recent kinds.
  const visited = target && catalog.data && findResource(catalog.data, target) ? kindKey(target) : undefined;
  useEffect(() => {
    if (visited) rememberVisit(context, visited);
  }, [context, visited]);

  if (!target) return <Problem context={context} text="This address is not a Kubernetes resource path." />;
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
  const resource = findResource(catalog.data, target);
  if (!resource) {
    return (
      <Problem
        context={context}
        text={`The cluster does not serve ${qualifiedName(target)} at version ${target.version} (any more).`}
      />
    );
  }
  if (target.name !== undefined && resource.namespaced && target.namespace === undefined) {
    return <Problem context={context} text={`${resource.kind} is namespaced: the address must name a namespace.`} />;
  }
  if (target.namespace !== undefined && !resource.namespaced) {
    return <Problem context={context} text={`${resource.kind} is cluster-scoped: it has no namespaces.`} />;
  }
  if (target.name === undefined) {
    return (
      <ResourceList
        key={`${resource.group}/${resource.version}/${resource.resource}`}
        context={context}
        resource={resource}
        namespace={target.namespace}
        actions={
          <>
            <Link
              className="new-object"
              title={`${resource.kind} objects deleted, from the recorded history`}
              to={activityUrl(context, {
                kind: `${resource.group}/${resource.resource}`,
                type: "DELETED",
                range: "all",
                ns: target.namespace,
              })}
            >
              Deleted
            </Link>
            <NewObjectLink context={context} resource={resource} namespace={target.namespace} />
          </>
        }
      />
    );
  }
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ObjectPage
        key={params["*"]}
        context={context}
        resource={resource}
        namespace={target.namespace}
        name={target.name}
        ownerUrl={(owner, namespace) => ownerUrl(context, catalog.data, owner, namespace)}
        actions={
          <ObjectActions context={context} resource={resource} namespace={target.namespace} name={target.name} />
        }
        yamlExtra={(object) => (
          <FieldBlame context={context} target={{ ...target, name: target.name as string }} object={object} />
        )}
        recordedHistory={(fallback) => (
          <RecordedHistory context={context} target={{ ...target, name: target.name as string }} fallback={fallback} />
        )}
      />
    </Suspense>
  );
}

function ownerUrl(
  context: string,
  catalog: Catalog,
  owner: OwnerReference,
  namespace: string | undefined,
): string | undefined {
  const { group, version } = splitApiVersion(owner.apiVersion);
  const entry = findKind(catalog, group, version, owner.kind);
  if (!entry) return undefined;
  return viewUrl(context, {
    group: entry.group,
    version: entry.version,
    resource: entry.resource,
    namespace: entry.namespaced ? namespace : undefined,
    name: owner.name,
  });
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
