import { ApiError } from "../lib/api.ts";

/** An error shown inline where the data would be, with the server's message and a retry. */
export function ErrorNote({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const detail = error instanceof ApiError ? `${error.status || "network"} ${error.body.code}` : error.name;
  return (
    <div role="alert" className="error-note">
      <strong>{error.message}</strong>
      <span className="muted"> ({detail})</span>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
