import { Navigate } from "react-router";
import { ErrorNote } from "../../components/error-note.tsx";
import { useContexts } from "../../features/cluster/api/get-contexts.ts";
import { contextUrl } from "../../lib/resource-path.ts";

/** `/` opens the kubeconfig's current context (or the first one). */
export function RootRedirect() {
  const contexts = useContexts();
  if (contexts.isPending) return <p className="muted page-message">Loading contexts…</p>;
  if (contexts.isError) {
    return (
      <main className="page-message">
        <h1 className="brand">Loupe</h1>
        <ErrorNote
          error={contexts.error}
          onRetry={() => void contexts.refetch()}
          action="read the kubeconfig contexts"
        />
      </main>
    );
  }
  const name = contexts.data.current ?? contexts.data.contexts[0]?.name;
  if (!name) {
    return (
      <main className="page-message">
        <h1 className="brand">Loupe</h1>
        <p className="empty">The kubeconfig has no contexts. Add one and reload.</p>
      </main>
    );
  }
  return <Navigate to={contextUrl(name)} replace />;
}
