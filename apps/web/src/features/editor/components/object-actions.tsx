import type { CatalogResource } from "@loupe/protocol";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { editUrl, schemaUrl } from "../../../lib/editor-urls.ts";
import { type ResourceTarget, viewUrl } from "../../../lib/resource-path.ts";
import { type AccessAnswer, useAccess } from "../api/get-access.ts";
import { DeleteDialog } from "./delete-dialog.tsx";
import { ScaleDialog } from "./scale-dialog.tsx";
import "../editor.css";

/**
 * The write actions of one object, for the object page's header: edit the YAML, edit the status (kinds with the
 * status subresource), scale (kinds with the scale subresource), explain the kind's fields, delete. Each is
 * offered only when the resource has the verb; the server (RBAC) still decides.
 */
export function ObjectActions({
  context,
  resource,
  namespace,
  name,
}: {
  context: string;
  resource: CatalogResource;
  namespace: string | undefined;
  name: string;
}) {
  const navigate = useNavigate();
  const [open, setOpen] = useState<"delete" | "scale" | null>(null);
  const [deleted, setDeleted] = useState(false);
  const target: ResourceTarget & { name: string } = {
    group: resource.group,
    version: resource.version,
    resource: resource.resource,
    namespace,
    name,
  };
  const can = (verb: string) => resource.verbs.includes(verb);
  const ask = { group: resource.group, resource: resource.resource, namespace, name };
  const mayDelete = useAccess(context, { ...ask, verb: "delete" });
  const mayScale = useAccess(context, { ...ask, verb: "update", subresource: "scale" });
  const mayUpdate = useAccess(context, { ...ask, verb: "update" });
  const mayUpdateStatus = useAccess(context, { ...ask, verb: "update", subresource: "status" });
  return (
    <div className="object-actions" role="toolbar" aria-label="Object actions">
      {can("update") || can("patch") ? (
        <GuardedLink to={editUrl(context, target)} access={mayUpdate} verb="edit">
          Edit YAML
        </GuardedLink>
      ) : null}
      {resource.subresources.includes("status") ? (
        <GuardedLink to={editUrl(context, target, "status")} access={mayUpdateStatus} verb="edit the status of">
          Edit status
        </GuardedLink>
      ) : null}
      {resource.subresources.includes("scale") ? (
        <button type="button" onClick={() => setOpen("scale")} {...refused(mayScale, "scale")}>
          Scale
        </button>
      ) : null}
      <Link to={schemaUrl(context, resource)}>Explain</Link>
      {can("delete") ? (
        <button type="button" className="danger" onClick={() => setOpen("delete")} {...refused(mayDelete, "delete")}>
          Delete
        </button>
      ) : null}
      {open === "scale" ? (
        <ScaleDialog context={context} resource={resource} target={target} onClose={() => setOpen(null)} />
      ) : null}
      {open === "delete" ? (
        <DeleteDialog
          context={context}
          resource={resource}
          target={target}
          onDeleted={(result) => setDeleted(result.gone)}
          onClose={() => {
            setOpen(null);
            if (deleted) navigate(viewUrl(context, { ...target, name: undefined }));
          }}
        />
      ) : null}
    </div>
  );
}

/** Disables an action RBAC (or read-only mode) refuses, saying why in its tooltip. */
function refused(access: AccessAnswer | undefined, verb: string) {
  if (!access || access.allowed) return {};
  return { disabled: true, title: `You may not ${verb} this object${access.readOnly ? ": Loupe runs read-only" : ""}` };
}

/** A link to an editing view, shown disabled (with the reason) when RBAC or read-only mode refuses it. */
function GuardedLink({
  to,
  access,
  verb,
  children,
}: {
  to: string;
  access: AccessAnswer | undefined;
  verb: string;
  children: string;
}) {
  if (access && !access.allowed) {
    const why = `You may not ${verb} this object${access.readOnly ? ": Loupe runs read-only" : ""}`;
    return (
      <span className="action-disabled" aria-disabled="true" title={why}>
        {children}
      </span>
    );
  }
  return <Link to={to}>{children}</Link>;
}
