import { useMemo } from "react";
import { useParams, useSearchParams } from "react-router";
import { ErrorNote } from "../../components/error-note.tsx";
import { ActivityView } from "../../features/activity/components/activity-view.tsx";
import { NamespacePicker } from "../../features/browse/components/namespace-picker.tsx";
import { useCatalog } from "../../features/catalog/api/get-catalog.ts";
import { kindsOf } from "../../features/catalog/utils/kinds.ts";
import { RecordedActivity } from "../../features/history/components/recorded-activity.tsx";

/** `/c/<context>/activity?r=…&ns=…&q=…`: the activity stream over kinds from the catalog. */
export function ActivityRoute() {
  const context = useParams().context as string;
  const [params, setParams] = useSearchParams();
  const catalog = useCatalog(context);
  const namespace = params.get("ns") || undefined;
  const kinds = useMemo(
    () =>
      catalog.data
        ? kindsOf(catalog.data)
            .filter((k) => k.verbs.includes("watch"))
            .sort((a, b) => Number(b.custom) - Number(a.custom) || a.kind.localeCompare(b.kind))
            .map((k) => ({
              ref: { group: k.group, version: k.version, resource: k.resource },
              kind: k.kind,
              namespaced: k.namespaced,
              custom: k.custom,
            }))
        : [],
    [catalog.data],
  );
  if (catalog.isPending) return <p className="muted">Loading the API catalog…</p>;
  if (!catalog.data) {
    return (
      <ErrorNote error={catalog.error as Error} onRetry={() => void catalog.refetch()} action="read the API catalog" />
    );
  }
  const picker = (
    <NamespacePicker
      context={context}
      value={namespace}
      onChange={(ns) => {
        const next = new URLSearchParams(params);
        if (ns) next.set("ns", ns);
        else next.delete("ns");
        setParams(next);
      }}
    />
  );
  return (
    <ActivityView
      context={context}
      kinds={kinds}
      namespace={namespace}
      namespacePicker={picker}
      recorded={
        <RecordedActivity
          context={context}
          namespace={namespace}
          kinds={kinds.map((k) => ({ ...k.ref, kind: k.kind }))}
        />
      }
    />
  );
}
