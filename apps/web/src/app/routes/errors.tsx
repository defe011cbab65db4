import { Link, useRouteError } from "react-router";

/** A URL that names no view. */
export function NotFound() {
  return (
    <main className="page-message">
      <h1 className="brand">Loupe</h1>
      <p role="alert">There is no page at this address.</p>
      <Link to="/">Go to the current context</Link>
    </main>
  );
}

/** A crash inside a view: say so, keep the rest of the app reachable. */
export function RouteError() {
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <main className="page-message">
      <h1 className="brand">Loupe</h1>
      <div role="alert" className="error-note">
        <strong>This view crashed.</strong> <span className="error-message">{message}</span>
      </div>
      <p>
        <Link to="/">Go to the current context</Link> or reload the page.
      </p>
    </main>
  );
}
