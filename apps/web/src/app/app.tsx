import { useState } from "react";
import { ContextPicker } from "../components/context-picker.tsx";
import { ErrorNote } from "../components/error-note.tsx";
import { useContexts } from "../features/cluster/api/get-contexts.ts";
import { ClusterOverview } from "../features/cluster/components/cluster-overview.tsx";

/** The application shell: header with the context switcher, then the selected cluster. */
export function App() {
  const contexts = useContexts();
  const [chosen, setChosen] = useState<string | null>(null);
  const context = chosen ?? contexts.data?.current ?? null;

  return (
    <div className="shell">
      <header className="topbar">
        <h1 className="brand">Loupe</h1>
        {contexts.data ? (
          <ContextPicker contexts={contexts.data.contexts} value={context} onChange={setChosen} />
        ) : null}
      </header>
      <main>
        {contexts.isPending ? <p className="muted">Loading contexts…</p> : null}
        {contexts.isError ? <ErrorNote error={contexts.error} onRetry={() => void contexts.refetch()} /> : null}
        {contexts.data ? <ClusterOverview key={context} context={context} /> : null}
      </main>
    </div>
  );
}
