import { useMemo } from "react";
import { useParams } from "react-router";
import { ErrorNote } from "../../components/error-note.tsx";
import { useCatalog } from "../../features/catalog/api/get-catalog.ts";
import { kindsOf } from "../../features/catalog/utils/kinds.ts";
import { CrdHome } from "../../features/crds/components/crd-home.tsx";
import { CrdPage } from "../../features/crds/components/crd-page.tsx";
import { InstancesView } from "../../features/crds/components/instances-view.tsx";

/** `/c/<context>/crds`: the Custom Resources home. */
export function CrdsRoute() {
  const context = useParams().context as string;
  return <CrdHome context={context} />;
}

/** `/c/<context>/crds/<name>`: one CRD. */
export function CrdRoute() {
  const params = useParams();
  const context = params.context as string;
  return <CrdPage key={params.name} context={context} name={params.name as string} />;
}

/** `/c/<context>/instances`: objects across custom kinds; the kinds come from the catalog (default versions). */
export function InstancesRoute() {
  const context = useParams().context as string;
  const catalog = useCatalog(context);
  const kinds = useMemo(() => (catalog.data ? kindsOf(catalog.data).filter((k) => k.custom) : []), [catalog.data]);
  if (catalog.isPending) return <p className="muted">Loading the API catalog…</p>;
  if (!catalog.data) {
    return (
      <ErrorNote error={catalog.error as Error} onRetry={() => void catalog.refetch()} action="read the API catalog" />
    );
  }
  return <InstancesView context={context} kinds={kinds} />;
}
