/**
 * What a live view knows about its data's freshness. `snapshot` means what is shown was read once and is not being
 * updated (no live subscription): the indicator says so rather than pretend.
 */
export type ConnectionState = "loading" | "syncing" | "live" | "reconnecting" | "error" | "snapshot";

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why, for reconnecting / error (the server's words). */
  message?: string;
}

const LABELS: Record<ConnectionState, string> = {
  loading: "Loading",
  syncing: "Syncing",
  live: "Live",
  reconnecting: "Reconnecting",
  error: "Error",
  snapshot: "Not live",
};

/** A small pill telling the truth about a view's live connection; its text is readable by tests and screen readers. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const title = status.message ?? describe(status.state);
  return (
    <output
      className={`connection connection-${status.state}`}
      title={title}
      aria-label={`Connection: ${LABELS[status.state]}`}
    >
      <span className="connection-dot" aria-hidden="true" />
      {LABELS[status.state]}
    </output>
  );
}

function describe(state: ConnectionState): string {
  switch (state) {
    case "loading":
      return "Reading the list from the API server";
    case "syncing":
      return "Subscribed; waiting for the first snapshot";
    case "live":
      return "Changes on the cluster appear here as they happen";
    case "reconnecting":
      return "The live connection dropped; reconnecting (what you see may be stale)";
    case "error":
      return "The live connection failed";
    case "snapshot":
      return "Read once; not updated live";
  }
}
