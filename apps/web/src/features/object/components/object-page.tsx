import type { CatalogResource, KubeObject } from "@loupe/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense, useEffect, useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ConnectionIndicator } from "../../../components/ui/connection-indicator.tsx";
import { HealthBadge } from "../../../components/ui/health-badge.tsx";
import { useNow } from "../../../hooks/use-now.ts";
import { k8sPath, qualifiedName, type ResourceTarget, viewUrl } from "../../../lib/resource-path.ts";
import { isSecretsResource } from "../../../lib/secret-mask.ts";
import { PANEL_DEPTH, PANEL_LIMIT, relationsQueryOptions } from "../../relations/api/get-relations.ts";
import { RelatedPanel } from "../../relations/components/related-panel.tsx";
import { RevealBar } from "../../secrets/components/reveal-bar.tsx";
import { SecretDataCard } from "../../secrets/components/secret-data-card.tsx";
import { useRevealedSecret } from "../../secrets/hooks/use-revealed-secret.ts";
import { useLiveObject } from "../hooks/use-live-object.ts";
import { useObjectHealth } from "../hooks/use-object-health.ts";
import { useObjectHistory } from "../hooks/use-object-history.ts";
import { ConditionsTable, conditionsOf } from "./conditions-table.tsx";
import { EventsTable } from "./events-table.tsx";
import { HistoryView } from "./history-view.tsx";
import { KeyValues } from "./key-values.tsx";
import { MetadataCard, type OwnerReference } from "./metadata-card.tsx";
import { CrdLink, ObjectValues } from "./object-values.tsx";
import { YamlView } from "./yaml-view.tsx";

const TABS = ["overview", "graph", "yaml", "history"] as const;
type Tab = (typeof TABS)[number];

// The graph library (React Flow, dagre) loads when the Graph tab first opens.
const GraphTab = lazy(async () => ({
  default: (await import("../../relations/components/graph-tab.tsx")).GraphTab,
}));

/**
 * One object: its printer columns, metadata, spec and status as a tree, labels, annotations, owners, conditions and
 * events (Overview), its YAML, and the history of
 * versions seen while the page is open with a diff between consecutive ones. The tab is in the URL (`?tab=`).
 * A Secret's values are masked (they arrive masked: lib/secret-mask.ts); Reveal shows them in the Overview's Data
 * card and the YAML tab only, never in the history.
 */
export function ObjectPage({
  context,
  resource,
  namespace,
  name,
  ownerUrl,
  actions,
  recordedHistory,
  yamlExtra,
}: {
  context: string;
  resource: CatalogResource;
  namespace: string | undefined;
  name: string;
  ownerUrl: (owner: OwnerReference, namespace: string | undefined) => string | undefined;
  /** Write actions for the header (edit, scale, delete...), composed by the route. */
  actions?: ReactNode;
  /**
   * The recorded history (features/history), composed by the route: the History tab shows it instead of the
   * versions seen while the page is open, and an object that no longer exists still shows it.
   */
  recordedHistory?: (fallback: ReactNode) => ReactNode;
  /** Shown under the YAML (features/history's field blame), composed by the route with the object shown. */
  yamlExtra?: (object: KubeObject) => ReactNode;
}) {
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get("tab") ?? "")
    ? (params.get("tab") as Tab)
    : "overview";
  const target: ResourceTarget & { name: string } = useMemo(
    () => ({ group: resource.group, version: resource.version, resource: resource.resource, namespace, name }),
    [resource.group, resource.version, resource.resource, namespace, name],
  );
  const live = useLiveObject(context, target);
  const judged = !(resource.group === "apiextensions.k8s.io" && resource.resource === "customresourcedefinitions");
  const health = useObjectHealth(context, target, judged && !live.deleted);
  const queryClient = useQueryClient();
  // The Related panel's question goes out with the object's own read, not after it.
  useEffect(() => {
    if (tab === "overview")
      void queryClient.prefetchQuery(relationsQueryOptions(context, target, PANEL_DEPTH, PANEL_LIMIT));
  }, [queryClient, context, target, tab]);
  const graphDepth = Math.min(4, Math.max(1, Number(params.get("depth")) || 2));
  const now = useNow(5_000);
  const { object, deleted, status } = live;
  const history = useObjectHistory(`${context}/${k8sPath(target)}`, deleted ? undefined : object, deleted);
  const secret = isSecretsResource(resource);
  const revealed = useRevealedSecret(context, target, deleted ? undefined : object?.metadata.resourceVersion);
  const shown = secret && revealed.object ? revealed.object : object;

  const listUrl = viewUrl(context, { ...target, name: undefined });
  const what = `get ${qualifiedName(resource)} ${name}${namespace ? ` in namespace ${namespace}` : ""}`;
  return (
    <section className="object-view" aria-labelledby="object-heading">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={listUrl}>{resource.kind}</Link>
        {namespace ? <span className="muted"> · {namespace}</span> : null}
      </nav>
      <header className="view-header">
        <div>
          <h2 id="object-heading">{name}</h2>
          <p className="muted subtitle">
            {resource.kind} · {qualifiedName(resource)}/{resource.version}
            {namespace ? ` · namespace ${namespace}` : " · cluster-scoped"}
            <CrdLink context={context} resource={resource} />
          </p>
        </div>
        {actions}
        <ConnectionIndicator status={status} />
      </header>
      {judged && object && !deleted ? (
        <section className={`health-banner health-banner-${health?.verdict ?? "none"}`} aria-label="Health">
          <HealthBadge health={health} />
          {health ? (
            <>
              <strong className="health-banner-reason">{health.reason}</strong>
              <span className="health-banner-message">{health.message}</span>
            </>
          ) : null}
        </section>
      ) : null}
      {deleted ? (
        <div role="alert" className="error-note">
          <strong>This object was deleted.</strong> What you see is its last version.
        </div>
      ) : null}
      {live.error ? <ErrorNote error={live.error} onRetry={live.retry} action={what} /> : null}
      {live.pending ? <p className="muted">Loading {name}…</p> : null}
      {!object && live.error && recordedHistory ? (
        <section aria-label="Recorded history" className="tab-panel">
          {recordedHistory(null)}
        </section>
      ) : null}
      {object && secret ? (
        <RevealBar secret={revealed} what={`get secrets "${name}" in namespace "${namespace ?? ""}"`} />
      ) : null}
      {object ? (
        <>
          <div role="tablist" aria-label="Object views" className="tabs">
            {TABS.map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={tab === t}
                className={tab === t ? "tab active" : "tab"}
                onClick={() => {
                  const next = new URLSearchParams(params);
                  next.delete("depth");
                  if (t === "overview") next.delete("tab");
                  else next.set("tab", t);
                  setParams(next);
                }}
              >
                {t === "overview"
                  ? "Overview"
                  : t === "graph"
                    ? "Graph"
                    : t === "yaml"
                      ? "YAML"
                      : // The changes this page has seen live; the tab also shows the recorded past when kept.
                        `History (${history.length})`}
              </button>
            ))}
          </div>
          <div role="tabpanel" aria-label={tab} className="tab-panel">
            {tab === "overview" ? (
              <div className="overview-grid">
                <ObjectValues context={context} resource={resource} target={target} object={object} now={now}>
                  <MetadataCard object={object} now={now} ownerUrl={(o) => ownerUrl(o, namespace)} />
                  {secret ? <SecretDataCard masked={object} revealed={revealed.object} /> : null}
                </ObjectValues>
                <KeyValues title="Labels" values={object.metadata.labels} />
                <KeyValues title="Annotations" values={object.metadata.annotations} />
                <RelatedPanel
                  context={context}
                  target={target}
                  resourceVersion={deleted ? undefined : object.metadata.resourceVersion}
                  graphUrl={viewUrl(context, target, { tab: "graph" })}
                />
                <ConditionsTable conditions={conditionsOf(object)} now={now} />
                <EventsTable context={context} uid={object.metadata.uid} namespace={namespace} now={now} />
              </div>
            ) : null}
            {tab === "graph" ? (
              <Suspense fallback={<p className="muted">Loading the graph…</p>}>
                <GraphTab
                  context={context}
                  target={target}
                  resourceVersion={deleted ? undefined : object.metadata.resourceVersion}
                  depth={graphDepth}
                  onDepth={(d) => {
                    const next = new URLSearchParams(params);
                    next.set("depth", String(d));
                    setParams(next, { replace: true });
                  }}
                />
              </Suspense>
            ) : null}
            {tab === "yaml" && shown ? <YamlView object={shown} /> : null}
            {tab === "yaml" && object && yamlExtra ? yamlExtra(object) : null}
            {tab === "history" ? (
              recordedHistory ? (
                recordedHistory(<HistoryView entries={history} />)
              ) : (
                <HistoryView entries={history} />
              )
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
