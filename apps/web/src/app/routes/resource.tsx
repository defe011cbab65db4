import type { Catalog } from "@loupe/protocol";
import { Link, useParams } from "react-router";
import { ErrorNote } from "../../components/error-note.tsx";
import { ResourceList } from "../../features/browse/components/resource-list.tsx";
import { useCatalog } from "../../features/catalog/api/get-catalog.ts";
import { findKind, findResource } from "../../features/catalog/utils/kinds.ts";
import { NewObjectLink, ObjectActions } from "../../features/editor/components/object-actions.tsx";
import type { OwnerReference } from "../../features/object/components/metadata-card.tsx";
import { ObjectPage } from "../../features/object/components/object-page.tsx";
import { contextUrl, parseK8sPath, qualifiedName, splitApiVersion, viewUrl } from "../../lib/resource-path.ts";

/** `/c/<context>/<kubernetes path>`: a list or one object of whatever resource the path names, if served. */
export function ResourceRoute() {
  const params = useParams();
  const context = params.context as string;
  const catalog = useCatalog(context);
  const target = parseK8sPath(params["*"] ?? "");

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
        actions={<NewObjectLink context={context} resource={resource} namespace={target.namespace} />}
      />
    );
  }
  return (
    <ObjectPage
      key={params["*"]}
      context={context}
      resource={resource}
      namespace={target.namespace}
      name={target.name}
      ownerUrl={(owner, namespace) => ownerUrl(context, catalog.data, owner, namespace)}
      actions={<ObjectActions context={context} resource={resource} namespace={target.namespace} name={target.name} />}
    />
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
