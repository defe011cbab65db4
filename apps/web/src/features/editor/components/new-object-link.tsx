import type { CatalogResource } from "@loupe/protocol";
import { Link } from "react-router";
import { newUrl } from "../../../lib/editor-urls.ts";
import { useAccess } from "../api/get-access.ts";

// Apart from object-actions.tsx so that a list's bundle does not carry the editor's dialogs.
/** "New <Kind>" for a list's toolbar: opens the template editor in the list's namespace (or the default one). */
export function NewObjectLink({
  context,
  resource,
  namespace,
}: {
  context: string;
  resource: CatalogResource;
  namespace: string | undefined;
}) {
  const collection = { ...resource, namespace: resource.namespaced ? (namespace ?? "default") : undefined };
  const mayCreate = useAccess(context, {
    group: resource.group,
    resource: resource.resource,
    namespace: collection.namespace,
    verb: "create",
  });
  // Hidden when the API does not offer create, or RBAC (or read-only mode) refuses it.
  if (!resource.verbs.includes("create") || (mayCreate && !mayCreate.allowed)) return null;
  return (
    <Link className="new-object" to={newUrl(context, collection)}>
      New {resource.kind}
    </Link>
  );
}
