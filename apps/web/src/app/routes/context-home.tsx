import { useParams } from "react-router";
import { useCatalog } from "../../features/catalog/api/get-catalog.ts";
import { useContexts } from "../../features/cluster/api/get-contexts.ts";
import { ClusterOverview } from "../../features/cluster/components/cluster-overview.tsx";
import { RecentChanges } from "../../features/cluster/components/recent-changes.tsx";
import { objectsWatched, ProblemsSummary } from "../../features/problems/components/problems-summary.tsx";
import { useProblems } from "../../features/problems/hooks/use-problems.ts";

const EVERYTHING = {};

/** `/c/<context>`: is anything wrong, and what changed — problems by kind, recent changes, the cluster's facts. */
export function ContextHome() {
  const context = useParams().context as string;
  const contexts = useContexts();
  const known = contexts.data?.contexts.some((c) => c.name === context);
  if (contexts.data && !known) {
    return (
      <div className="home">
        <p role="alert" className="error-note">
          The kubeconfig has no context named “{context}”.
        </p>
      </div>
    );
  }
  return <Home key={context} context={context} />;
}

function Home({ context }: { context: string }) {
  const catalog = useCatalog(context);
  const problems = useProblems(context, EVERYTHING);
  const crds = catalog.data
    ? new Set(catalog.data.resources.filter((r) => r.custom).map((r) => `${r.group}/${r.resource}`)).size
    : undefined;
  return (
    <div className="home home-grid">
      <ProblemsSummary context={context} state={problems} />
      <RecentChanges context={context} />
      <ClusterOverview context={context} crds={crds} objects={objectsWatched(problems)} />
      <p className="muted hint">
        Pick a resource on the left, or press <kbd>Ctrl</kbd>+<kbd>K</kbd> (<kbd>⌘</kbd>+<kbd>K</kbd>) and type a kind,
        plural, short name or category — <code>ct</code> finds CronTab.
      </p>
    </div>
  );
}
