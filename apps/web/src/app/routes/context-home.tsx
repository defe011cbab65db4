import { useParams } from "react-router";
import { useContexts } from "../../features/cluster/api/get-contexts.ts";
import { ClusterOverview } from "../../features/cluster/components/cluster-overview.tsx";

/** `/c/<context>`: the cluster's facts, and where to go from here. */
export function ContextHome() {
  const context = useParams().context as string;
  const contexts = useContexts();
  const known = contexts.data?.contexts.some((c) => c.name === context);
  return (
    <div className="home">
      {contexts.data && !known ? (
        <p role="alert" className="error-note">
          The kubeconfig has no context named “{context}”.
        </p>
      ) : (
        <ClusterOverview key={context} context={context} />
      )}
      <p className="muted hint">
        Pick a resource on the left, or press <kbd>Ctrl</kbd>+<kbd>K</kbd> (<kbd>⌘</kbd>+<kbd>K</kbd>) and type a kind,
        plural, short name or category — <code>ct</code> finds CronTab.
      </p>
    </div>
  );
}
