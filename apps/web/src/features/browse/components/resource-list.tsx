import type { CatalogResource } from "@loupe/protocol";
import { type ReactNode, useCallback, useMemo } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ConnectionIndicator } from "../../../components/ui/connection-indicator.tsx";
import { HealthBadge } from "../../../components/ui/health-badge.tsx";
import { type VirtualColumn, VirtualTable } from "../../../components/ui/virtual-table.tsx";
import { useNow } from "../../../hooks/use-now.ts";
import { count } from "../../../lib/format.ts";
import { inAppClick } from "../../../lib/in-app-link.ts";
import { qualifiedName, type ResourceTarget, viewUrl } from "../../../lib/resource-path.ts";
import { useLiveTable } from "../hooks/use-live-table.ts";
import { useClusterRows } from "../hooks/use-other-clusters.ts";
import { FLASH_MS, useRowChanges } from "../hooks/use-row-changes.ts";
import { useRowSelection } from "../hooks/use-row-selection.ts";
import { useTableLayout } from "../hooks/use-table-layout.ts";
import { applyColumnFilters, type ColumnFilter, filtersFromParams, filtersToParams } from "../utils/column-filters.ts";
import {
  type AvailableColumn,
  availableColumns,
  isNameColumn,
  layoutColumns,
  shownText,
} from "../utils/column-model.ts";
import {
  CLUSTER_COLUMN,
  filterRows,
  HEALTH_INDEX,
  isAgeColumn,
  type ListRow,
  type SortState,
  sortRows,
} from "../utils/table-rows.ts";
import { BulkActions } from "./bulk-actions.tsx";
import { ClusterPicker } from "./cluster-picker.tsx";
import { ColumnChooser } from "./column-chooser.tsx";
import { ColumnFilterBar } from "./column-filter-bar.tsx";
import { ExportMenu } from "./export-menu.tsx";
import { ListToolbar } from "./list-toolbar.tsx";
import { VersionPicker } from "./version-picker.tsx";
import "../table-tools.css";

/**
 * The table of any resource: the API server's own columns (priority 0, or all when "wide"), sortable, filtered by
 * text and per column, narrowed by namespace and label and field selectors, with the columns the user chose (and
 * custom JSONPath columns the server computes), exportable, virtualized, updated live. All view state lives in
 * the URL (`?q=`, `labelSelector=`, `fieldSelector=`, `wide=1`, `sort=<column>`, `desc=1`, `fc=` filters, and the
 * layout's `cols=`, `w=`, `cc=`) so a reload or a shared link shows the same table.
 */
export function ResourceList({
  context,
  resource,
  namespace,
  actions,
}: {
  context: string;
  resource: CatalogResource;
  namespace: string | undefined;
  /** Actions for the header ("New <Kind>"), composed by the route. */
  actions?: ReactNode;
}) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const filter = params.get("q") ?? "";
  const labelSelector = params.get("labelSelector") ?? "";
  const fieldSelector = params.get("fieldSelector") ?? "";
  const paramText = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: `paramText` stands for `params`, compared by value.
  const columnFilters = useMemo(() => filtersFromParams(params), [paramText]);
  const { layout, setLayout } = useTableLayout(resource.group, resource.resource, params, setParams);
  const wide = params.get("wide") === "1";
  const sortColumn = params.get("sort");
  const desc = params.get("desc") === "1";
  const unhealthyOnly = params.get("health") === "unhealthy";
  const sort: SortState | null = useMemo(() => (sortColumn ? { column: sortColumn, desc } : null), [sortColumn, desc]);

  const target: ResourceTarget = useMemo(
    () => ({ group: resource.group, version: resource.version, resource: resource.resource, namespace }),
    [resource.group, resource.version, resource.resource, namespace],
  );
  const live = useLiveTable(context, target, labelSelector || undefined, fieldSelector || undefined, layout.custom);
  // Several clusters in one table: `clusters=` names the further contexts.
  const { clusters, multi, merged } = useClusterRows(params.get("clusters") ?? "", context, live, {
    target,
    labelSelector: labelSelector || undefined,
    fieldSelector: fieldSelector || undefined,
    custom: layout.custom,
  });
  // With several clusters, the page's own failing list is one problem row among the others' rows.
  const listError = multi ? null : live.error;
  const now = useNow(5_000);
  const allNamespaces = resource.namespaced && namespace === undefined;
  const withHealth = hasHealth(resource);
  const available = useMemo(
    () => availableColumns(merged.columns, allNamespaces, layout.custom, multi, withHealth),
    [merged.columns, allNamespaces, layout.custom, multi, withHealth],
  );
  const columns = useMemo(() => {
    const shown = layoutColumns(available, layout, wide);
    // A layout saved without several clusters still shows where each row comes from.
    const cluster = available.find((c) => c.id === CLUSTER_COLUMN);
    return cluster && !shown.includes(cluster) && layout.order && !layout.order.includes(CLUSTER_COLUMN)
      ? [cluster, ...shown]
      : shown;
  }, [available, layout, wide]);
  // Sorted once per change of the rows or the order; a filter keystroke then only filters the sorted rows (order
  // is kept), which is what makes typing in a filter over 100,000 rows cheap.
  const sorted = useMemo(() => sortRows(merged.rows, columns, sort), [merged.rows, columns, sort]);
  const visible = useMemo(
    () => applyColumnFilters(filterRows(sorted, filter, unhealthyOnly), columnFilters, available),
    [sorted, filter, unhealthyOnly, columnFilters, available],
  );
  const { selection, selectedRows, clear } = useRowSelection(visible);
  const baseline = `${context}|${viewUrl(context, target)}|${labelSelector}|${clusters.join(",")}`;
  const changes = useRowChanges(merged.rows, baseline, live.complete);

  const update = (changes: Record<string, string | undefined>, replace = true) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === "") next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace });
  };
  const onSort = (column: string) => {
    if (sort?.column !== column) update({ sort: column, desc: undefined });
    else if (!sort.desc) update({ desc: "1" });
    else update({ sort: undefined, desc: undefined });
  };
  const objectUrl = useCallback(
    (row: ListRow) => viewUrl(row.cluster ?? context, { ...target, namespace: row.namespace, name: row.name }),
    [context, target],
  );

  const gridColumns = useMemo(
    () => columns.map((column) => toGridColumn(column, objectUrl, navigate, now, layout.widths[column.id])),
    [columns, objectUrl, navigate, now, layout.widths],
  );
  const exportColumns = useMemo(
    () => columns.map((column) => ({ header: column.id, text: (row: ListRow) => shownText(column, row, Date.now()) })),
    [columns],
  );
  const setColumnFilters = (next: ColumnFilter[]) => setParams(filtersToParams(next, params), { replace: true });
  // Stable between data changes, so scrolling does not re-render rows already in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `changes` is updated in place whenever live.rows changes.
  const cellClass = useCallback(
    (row: ListRow, columnId: string) => {
      const change = changes.get(row.key);
      if (!change || Date.now() - change.at > FLASH_MS) return undefined;
      if (change.cells === "new") return "flash";
      const column = columns.find((c) => c.definition.name === columnId);
      if (!column || isAgeColumn(column.definition)) return undefined;
      return change.cells.includes(column.index) ? "flash" : undefined;
    },
    [changes, columns, live.rows],
  );
  const what = `${qualifiedName(resource)}${namespace ? ` in namespace ${namespace}` : resource.namespaced ? " in all namespaces" : ""}`;
  const plural = resource.resource;
  return (
    <section className="list-view" aria-labelledby="list-heading">
      <header className="view-header">
        <div>
          <h2 id="list-heading">{resource.kind}</h2>
          <p className="muted subtitle">
            {qualifiedName(resource)} · {resource.version}
            {resource.custom ? " · custom resource" : ""}
            {resource.namespaced ? "" : " · cluster-scoped"}
          </p>
        </div>
        <VersionPicker context={context} resource={resource} namespace={namespace} />
        {actions}
        <ConnectionIndicator status={live.status} />
      </header>
      <ListToolbar
        context={context}
        namespaced={resource.namespaced}
        namespace={namespace}
        onNamespace={(ns) => navigate(viewUrl(context, { ...target, namespace: ns }) + keep(params))}
        filter={filter}
        onFilter={(q) => update({ q })}
        labelSelector={labelSelector}
        onLabelSelector={(s) => update({ labelSelector: s }, false)}
        fieldSelector={fieldSelector}
        onFieldSelector={(s) => update({ fieldSelector: s }, false)}
        wide={wide}
        onWide={(w) => update({ wide: w ? "1" : undefined })}
        hasWideColumns={layout.order === undefined && live.columns.some((c) => c.priority > 0)}
        health={
          withHealth ? { unhealthyOnly, onChange: (on) => update({ health: on ? "unhealthy" : undefined }) } : undefined
        }
      >
        <ClusterPicker context={context} chosen={clusters} onChange={(next) => update({ clusters: next.join(",") })} />
        <ColumnChooser
          context={context}
          kind={{ group: resource.group, version: resource.version, kind: resource.kind }}
          available={available}
          shown={columns}
          layout={layout}
          onLayout={setLayout}
        />
        <ExportMenu
          context={context}
          target={target}
          labelSelector={labelSelector}
          fieldSelector={fieldSelector}
          fileName={plural}
          columns={exportColumns}
          rows={visible}
          secrets={resource.group === "" && resource.resource === "secrets"}
          kubectl={{
            context,
            resource: resource.resource,
            group: resource.group,
            version: resource.version,
            namespaced: resource.namespaced,
            namespace,
            labelSelector,
            fieldSelector,
            wide,
            custom: layout.custom.filter((c) => columns.some((shown) => shown.id === c.name)),
          }}
        />
      </ListToolbar>
      <ColumnFilterBar columns={available} rows={live.rows} filters={columnFilters} onFilters={setColumnFilters} />
      {selectedRows.length > 0 && !multi ? (
        <BulkActions
          context={context}
          resource={target}
          items={selectedRows}
          scalable={resource.subresources.includes("scale")}
          onClear={clear}
        />
      ) : null}
      {listError ? null : (
        <ListStatus
          live={live}
          loadedRows={merged.rows.length}
          shown={visible.length}
          plural={plural}
          filtered={filter !== "" || columnFilters.length > 0 || unhealthyOnly}
        />
      )}
      {listError ? <ErrorNote error={listError} onRetry={live.retry} action={`list ${what}`} /> : null}
      {live.complete && merged.rows.length === 0 && !listError ? (
        <p className="empty" role="status">
          No {plural} {namespace ? `in namespace ${namespace}` : resource.namespaced ? "in any namespace" : "exist"}
          {labelSelector ? ` matching ${labelSelector}` : ""}.
        </p>
      ) : null}
      {live.complete && unhealthyOnly && merged.rows.length > 0 && visible.length === 0 ? (
        <p className="empty" role="status">
          Every {resource.kind} here is healthy.
        </p>
      ) : null}
      {merged.rows.length > 0 || (!listError && merged.columns.length > 0) ? (
        <VirtualTable
          label={`${plural} table`}
          rows={visible}
          columns={gridColumns}
          rowKey={rowKey}
          sort={sort}
          onSort={onSort}
          onOpen={(row) => {
            if (!row.problem) navigate(objectUrl(row));
          }}
          cellClass={cellClass}
          selection={multi ? undefined : selection}
        />
      ) : null}
    </section>
  );
}

const rowKey = (row: ListRow) => row.key;

/** Keeps the view's query (filter, selector, sort) across a namespace change. */
function keep(params: URLSearchParams): string {
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** CRDs are watched by metadata only (their schemas are megabytes): Loupe gives them no verdict. */
function hasHealth(resource: CatalogResource): boolean {
  return !(resource.group === "apiextensions.k8s.io" && resource.resource === "customresourcedefinitions");
}

function toGridColumn(
  column: AvailableColumn,
  objectUrl: (row: ListRow) => string,
  navigate: (url: string) => void,
  now: number,
  /** The user's width in px, if any. */
  px: number | undefined,
): VirtualColumn<ListRow> {
  const { definition } = column;
  const numeric = definition.type === "integer" || definition.type === "number";
  const isName = isNameColumn(column);
  const age = isAgeColumn(definition);
  if (column.index === HEALTH_INDEX) {
    return {
      id: definition.name,
      header: definition.name,
      description: definition.description,
      width: px ? `${px}px` : "minmax(9rem, 1.3fr)",
      align: "start",
      sortable: true,
      cell: (row) => <HealthBadge health={row.health} reason />,
    };
  }
  return {
    id: definition.name,
    header: definition.name,
    description: column.custom ? `JSONPath ${definition.description}` : definition.description,
    width: px
      ? `${px}px`
      : isName
        ? "minmax(14rem, 2.5fr)"
        : age
          ? "minmax(5rem, 0.6fr)"
          : numeric
            ? "minmax(5rem, 0.7fr)"
            : "minmax(7rem, 1fr)",
    align: numeric ? "end" : "start",
    sortable: true,
    cell: (row) => {
      if (row.problem) {
        return isName ? (
          <span className="problem-cell">{shownText(column, row, now)}</span>
        ) : (
          shownText(column, row, now)
        );
      }
      if (isName) {
        // A plain <a> (lib/in-app-link.ts): react-router's <Link> resolves its path through several hooks, the
        // largest cost of a row coming into view.
        const url = objectUrl(row);
        return (
          <a href={url} className="name-link" tabIndex={-1} onClick={inAppClick(navigate, url)}>
            {row.name}
          </a>
        );
      }
      return shownText(column, row, now);
    },
  };
}

function ListStatus({
  live,
  loadedRows,
  shown,
  plural,
  filtered,
}: {
  live: ReturnType<typeof useLiveTable>;
  /** Rows in the table (several clusters' rows together). */
  loadedRows: number;
  shown: number;
  plural: string;
  filtered: boolean;
}) {
  const { loaded, total } = live.progress;
  if (!live.complete && !live.error) {
    return (
      <div className="list-status" role="status">
        <progress max={total ?? undefined} value={total ? loaded : undefined} aria-label="Loading rows" />
        <span>
          Loading {plural}: {count(loaded)}
          {total !== undefined ? ` of ${count(total)}` : ""} rows…
        </span>
      </div>
    );
  }
  return (
    <div className="list-status muted" role="status">
      {filtered ? `${count(shown)} of ${count(loadedRows)}` : count(loadedRows)} {loadedRows === 1 ? "row" : "rows"}
    </div>
  );
}
