import { ApiError } from "../lib/api.ts";

/**
 * An error shown inline where the data would be: a headline saying what happened in plain words (a 403 names the
 * verb and resource that were refused), the server's own message, and a retry when retrying can help.
 * `action` says what was attempted, e.g. `list myservices.stable.example.com in namespace default`.
 */
export function ErrorNote({ error, onRetry, action }: { error: Error; onRetry?: () => void; action?: string }) {
  const api = error instanceof ApiError ? error : null;
  const detail = api ? `${api.status || "network"} ${api.body.reason ?? api.body.code}` : error.name;
  return (
    <div role="alert" className="error-note">
      <strong>{headline(api, action)}</strong>
      <span className="error-message">{error.message}</span>
      <span className="muted">({detail})</span>
      {onRetry && !(api && api.status >= 400 && api.status < 500 && api.status !== 408 && api.status !== 429) ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

function headline(error: ApiError | null, action: string | undefined): string {
  const doing = action ? ` ${action}` : "";
  if (!error) return action ? `Could not${doing}` : "Something went wrong";
  switch (error.status) {
    case 0:
      return "Loupe's server cannot be reached";
    case 401:
      return "Not authenticated: the API server did not accept this context's credentials";
    case 403:
      return action ? `Permission denied: you may not${doing}` : "Permission denied";
    case 404:
      return action ? `Not found: could not${doing}` : "Not found";
    case 502:
    case 503:
    case 504:
      return "The API server is unavailable";
    default:
      return action ? `Could not${doing}` : "Request failed";
  }
}
