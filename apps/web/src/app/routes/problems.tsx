import { useMemo } from "react";
import { useParams, useSearchParams } from "react-router";
import { NamespacePicker } from "../../features/browse/components/namespace-picker.tsx";
import { useCatalog } from "../../features/catalog/api/get-catalog.ts";
import { type ProblemsFilters, ProblemsView, VERDICTS } from "../../features/problems/components/problems-view.tsx";

/**
 * `/c/<context>/problems?ns=&group=&category=&verdict=Failed,InProgress`: the live Problems view; its filters live
 * in the URL (a reload or a shared link shows the same view). `group=` (empty) is the core group.
 */
export function ProblemsRoute() {
  const context = useParams().context as string;
  const [params, setParams] = useSearchParams();
  const catalog = useCatalog(context);
  const verdictParam = params.get("verdict");
  const filters: ProblemsFilters = {
    namespace: params.get("ns") || undefined,
    group: params.has("group") ? (params.get("group") ?? "") : undefined,
    category: params.get("category") || undefined,
    verdicts: verdictParam ? VERDICTS.filter((v) => verdictParam.split(",").includes(v)) : [...VERDICTS],
  };
  const { groups, categories } = useMemo(() => {
    const resources = catalog.data?.resources ?? [];
    return {
      groups: [...new Set(resources.map((r) => r.group))].sort(),
      categories: [...new Set(resources.flatMap((r) => r.categories))].sort(),
    };
  }, [catalog.data]);
  const onFilters = (next: ProblemsFilters) => {
    const query = new URLSearchParams();
    if (next.namespace) query.set("ns", next.namespace);
    if (next.group !== undefined) query.set("group", next.group);
    if (next.category) query.set("category", next.category);
    if (next.verdicts.length < VERDICTS.length) query.set("verdict", next.verdicts.join(","));
    setParams(query, { replace: true });
  };
  return (
    <ProblemsView
      context={context}
      filters={filters}
      onFilters={onFilters}
      groups={groups}
      categories={categories}
      namespacePicker={
        <NamespacePicker
          context={context}
          value={filters.namespace}
          onChange={(ns) => onFilters({ ...filters, namespace: ns })}
        />
      }
    />
  );
}
