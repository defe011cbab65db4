import { ErrorNote } from "../../../components/error-note.tsx";
import { count } from "../../../lib/format.ts";
import { useApiServerHealth } from "../api/get-apiserver-health.ts";
import { useContexts } from "../api/get-contexts.ts";
import { useVersion } from "../api/get-version.ts";

/**
 * The selected context's cluster: its API server (version and readiness, with the failing checks), user, and how
 * much it serves: custom resource definitions and the objects Loupe watches for health.
 */
export function ClusterOverview({
  context,
  crds,
  objects,
}: {
  context: string | null;
  /** CustomResourceDefinitions served (from the catalog), when known. */
  crds?: number;
  /** Objects of the kinds the Problems view watches, when known. */
  objects?: number;
}) {
  const contexts = useContexts();
  const version = useVersion(context);
  const health = useApiServerHealth(context ?? "");
  const info = contexts.data?.contexts.find((c) => c.name === context);

  if (context === null) {
    return <p className="empty">The kubeconfig has no contexts.</p>;
  }
  const failing = health.data?.checks.filter((c) => !c.ok) ?? [];
  return (
    <section className="card" aria-labelledby="cluster-heading">
      <h2 id="cluster-heading">Cluster</h2>
      <dl className="facts">
        <dt>Context</dt>
        <dd>{context}</dd>
        <dt>API server</dt>
        <dd>{info?.server ?? "—"}</dd>
        <dt>Kubernetes version</dt>
        <dd data-testid="server-version">
          {version.isPending ? "Connecting…" : version.isError ? "unavailable" : version.data.gitVersion}
        </dd>
        <dt>API server health</dt>
        <dd data-testid="apiserver-health">
          {health.isPending ? (
            "Checking…"
          ) : health.data?.ok ? (
            <span className="health health-Current">
              <span className="health-dot" aria-hidden="true" />
              Ready · {health.data.checks.length} checks passed · {health.data.latencyMs} ms
            </span>
          ) : (
            <span className="health health-Failed">
              <span className="health-dot" aria-hidden="true" />
              <span className="health-verdict">Not ready</span>
              {failing.length > 0 ? ` · failing: ${failing.map((c) => c.name).join(", ")}` : ""}
              {health.data?.message ? ` · ${health.data.message}` : ""}
            </span>
          )}
        </dd>
        <dt>User</dt>
        <dd>{info?.user ?? "—"}</dd>
        <dt>Default namespace</dt>
        <dd>{info?.namespace ?? "—"}</dd>
        <dt>Custom resource definitions</dt>
        <dd data-testid="crd-count">{crds === undefined ? "…" : count(crds)}</dd>
        <dt>Objects watched for health</dt>
        <dd data-testid="object-count">{objects === undefined ? "…" : count(objects)}</dd>
      </dl>
      {version.isError ? <ErrorNote error={version.error} onRetry={() => void version.refetch()} /> : null}
    </section>
  );
}
