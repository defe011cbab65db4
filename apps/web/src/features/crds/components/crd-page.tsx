import { Link, useNavigate, useSearchParams } from "react-router";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ConnectionIndicator } from "../../../components/ui/connection-indicator.tsx";
import { crdsUrl, instancesUrl } from "../../../lib/crd-urls.ts";
import { schemaUrl } from "../../../lib/editor-urls.ts";
import { count } from "../../../lib/format.ts";
import { inAppClick } from "../../../lib/in-app-link.ts";
import { viewUrl } from "../../../lib/resource-path.ts";
import { useObjectCounts } from "../api/count-objects.ts";
import { type CrdObject, useCrd } from "../api/get-crd.ts";
import { useCrdFollow } from "../hooks/use-crd-follow.ts";
import { listVersionOf } from "../utils/crd-filter.ts";
import { ConversionCard } from "./conversion-card.tsx";
import { SchemaSection } from "./schema-section.tsx";
import { VersionsCard } from "./versions-card.tsx";
import "../crds.css";

/**
 * `/c/<context>/crds/<name>`: one CRD — what it defines, its conditions, its versions and the versions objects are
 * still stored in, each version's schema and printer columns, what changes between two versions, its conversion
 * webhook and whether it answers, and its objects. Live: the page reloads the CRD when it changes.
 */
export function CrdPage({ context, name }: { context: string; name: string }) {
  const crd = useCrd(context, name);
  const status = useCrdFollow(context, name);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();

  if (crd.isPending) return <p className="muted">Loading {name}…</p>;
  if (crd.isError) {
    return (
      <div className="page-message">
        <ErrorNote error={crd.error} onRetry={() => void crd.refetch()} action={`read the CRD ${name}`} />
        <Link to={crdsUrl(context)}>All custom resources</Link>
      </div>
    );
  }
  const object = crd.data;
  const { spec } = object;
  const version = listVersionOf(spec.versions);
  const listUrl = version ? viewUrl(context, { group: spec.group, version, resource: spec.names.plural }) : undefined;
  const yamlUrl = viewUrl(context, {
    group: "apiextensions.k8s.io",
    version: "v1",
    resource: "customresourcedefinitions",
    name,
  });
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <article className="crd-page" aria-labelledby="crd-heading">
      <nav className="breadcrumb muted" aria-label="Breadcrumb">
        <a href={crdsUrl(context)} onClick={inAppClick(navigate, crdsUrl(context))}>
          Custom resources
        </a>{" "}
        / {spec.group}
      </nav>
      <header className="view-header">
        <div>
          <h2 id="crd-heading">{spec.names.kind}</h2>
          <p className="muted subtitle">
            {name} · {spec.scope === "Cluster" ? "cluster-scoped" : "namespaced"}
          </p>
        </div>
        {listUrl ? (
          <a href={listUrl} onClick={inAppClick(navigate, listUrl)}>
            Instances
          </a>
        ) : null}
        <a href={yamlUrl} onClick={inAppClick(navigate, yamlUrl)}>
          YAML
        </a>
        <ConnectionIndicator status={status} />
      </header>
      <Summary context={context} crd={object} version={version} listUrl={listUrl} />
      <VersionsCard crd={object} />
      <SchemaSection
        crd={object}
        version={params.get("v") ?? version ?? spec.versions[0]?.name ?? ""}
        from={params.get("from") ?? undefined}
        to={params.get("to") ?? undefined}
        onVersion={(v) => setParam("v", v)}
        onCompare={(from, to) => {
          const next = new URLSearchParams(params);
          for (const [k, v] of Object.entries({ from, to })) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          setParams(next, { replace: true });
        }}
        explainUrl={(v) => schemaUrl(context, { group: spec.group, version: v, kind: spec.names.kind })}
      />
      <ConversionCard context={context} crd={object} />
    </article>
  );
}

function Summary({
  context,
  crd,
  version,
  listUrl,
}: {
  context: string;
  crd: CrdObject;
  version: string | undefined;
  listUrl: string | undefined;
}) {
  const { spec, status } = crd;
  const navigate = useNavigate();
  const refs = version ? [{ group: spec.group, version, resource: spec.names.plural }] : [];
  const [objects] = useObjectCounts(context, refs, true);
  const conditions = status?.conditions ?? [];
  return (
    <section className="card section" aria-labelledby="crd-summary">
      <h3 id="crd-summary">Definition</h3>
      <dl className="facts">
        <dt>Group</dt>
        <dd>
          <a
            href={instancesUrl(context, { group: spec.group })}
            onClick={inAppClick(navigate, instancesUrl(context, { group: spec.group }))}
          >
            {spec.group}
          </a>
        </dd>
        <dt>Names</dt>
        <dd>
          {spec.names.plural} · {spec.names.singular ?? spec.names.kind.toLowerCase()}
          {spec.names.shortNames?.length ? ` · short: ${spec.names.shortNames.join(", ")}` : ""}
        </dd>
        <dt>Categories</dt>
        <dd>{spec.names.categories?.length ? spec.names.categories.join(", ") : "none"}</dd>
        <dt>Objects</dt>
        <dd>
          {objects?.data !== undefined ? (
            listUrl ? (
              <a href={listUrl} onClick={inAppClick(navigate, listUrl)}>
                {count(objects.data)} {spec.names.plural}
              </a>
            ) : (
              count(objects.data)
            )
          ) : objects?.isError ? (
            <span className="cond-false">{objects.error.message}</span>
          ) : version ? (
            "counting…"
          ) : (
            "no version is served"
          )}
        </dd>
        <dt>Conditions</dt>
        <dd>
          {conditions.length === 0
            ? "none reported yet"
            : conditions.map((c) => (
                <span key={c.type} className={`cond cond-${c.status.toLowerCase()}`} title={c.message}>
                  {c.type}={c.status}{" "}
                </span>
              ))}
        </dd>
      </dl>
    </section>
  );
}
