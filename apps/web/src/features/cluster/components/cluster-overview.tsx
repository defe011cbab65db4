import { ErrorNote } from "../../../components/error-note.tsx";
import { useContexts } from "../api/get-contexts.ts";
import { useVersion } from "../api/get-version.ts";

/** The selected context's cluster: its API server, user and Kubernetes version. */
export function ClusterOverview({ context }: { context: string | null }) {
  const contexts = useContexts();
  const version = useVersion(context);
  const info = contexts.data?.contexts.find((c) => c.name === context);

  if (context === null) {
    return <p className="empty">The kubeconfig has no contexts.</p>;
  }
  return (
    <section className="card" aria-labelledby="cluster-heading">
      <h2 id="cluster-heading">Cluster</h2>
      <dl className="facts">
        <dt>Context</dt>
        <dd>{context}</dd>
        <dt>API server</dt>
        <dd>{info?.server ?? "—"}</dd>
        <dt>User</dt>
        <dd>{info?.user ?? "—"}</dd>
        <dt>Default namespace</dt>
        <dd>{info?.namespace ?? "—"}</dd>
        <dt>Kubernetes version</dt>
        <dd data-testid="server-version">
          {version.isPending ? "Connecting…" : version.isError ? "unavailable" : version.data.gitVersion}
        </dd>
      </dl>
      {version.isError ? <ErrorNote error={version.error} onRetry={() => void version.refetch()} /> : null}
    </section>
  );
}
