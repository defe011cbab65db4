import type { CatalogResource, KubeObject } from "@loupe/protocol";
import { type ReactNode, useMemo } from "react";
import { Link } from "react-router";
import { crdUrl } from "../../../lib/crd-urls.ts";
import { useKindSchema } from "../../../lib/kind-schema.ts";
import type { ResourceTarget } from "../../../lib/resource-path.ts";
import { isSecretsResource } from "../../../lib/secret-mask.ts";
import { useObjectRow } from "../api/get-object-row.ts";
import type { TreeOptions } from "../utils/value-tree.ts";
import { conditionsOf } from "./conditions-table.tsx";
import { PrinterColumnsCard } from "./printer-columns-card.tsx";
import { ValueTreeCard } from "./value-tree.tsx";
import "../object.css";

/**
 * The object's own values at the top of the Overview: its printer columns first (what its list shows), then the
 * cards passed in (metadata...), then spec and status as a tree annotated from the kind's schema. A Secret's `data`
 * and `stringData` never enter the tree (its own card shows them masked); `status.conditions` has its own table.
 */
export function ObjectValues({
  context,
  resource,
  target,
  object,
  now,
  children,
}: {
  context: string;
  resource: CatalogResource;
  target: ResourceTarget & { name: string };
  object: KubeObject;
  now: number;
  children: ReactNode;
}) {
  const row = useObjectRow(context, target, object.metadata.resourceVersion);
  const schema = useKindSchema(context, { group: resource.group, version: resource.version, kind: resource.kind });
  const secret = isSecretsResource(resource);
  const hasConditions = conditionsOf(object).length > 0;
  const options: TreeOptions = useMemo(
    () => ({
      skip: secret ? ["data", "stringData"] : [],
      skipPaths: hasConditions ? ["status.conditions"] : [],
    }),
    [secret, hasConditions],
  );
  return (
    <>
      <PrinterColumnsCard table={row.data} name={target.name} now={now} error={row.error} />
      {children}
      <ValueTreeCard object={object} fields={schema.data?.fields ?? []} now={now} options={options} />
    </>
  );
}

/** For a custom resource, a link to the page of the CustomResourceDefinition that defines its kind. */
export function CrdLink({ context, resource }: { context: string; resource: CatalogResource }) {
  if (!resource.custom) return null;
  const name = `${resource.resource}.${resource.group}`;
  const url = crdUrl(context, name);
  return (
    <>
      {" · "}
      <Link to={url} className="crd-link" title={`The CustomResourceDefinition ${name}`}>
        definition (CRD)
      </Link>
    </>
  );
}
