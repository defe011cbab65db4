import type { ReactNode } from "react";
import { ErrorNote } from "../../../components/error-note.tsx";
import { useSession } from "../api/session.ts";
import { SignInPage } from "./sign-in-page.tsx";

/**
 * Shows the app once the user may use it: at once in kubeconfig mode or behind an authenticating proxy, after
 * signing in with a bearer token in user-token mode.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session.isPending) return <p className="muted gate-message">Connecting to Loupe…</p>;
  if (session.isError) {
    return (
      <div className="gate-message">
        <ErrorNote error={session.error} onRetry={() => void session.refetch()} />
      </div>
    );
  }
  if (session.data.mode === "user-token" && !session.data.user && !session.data.proxied) return <SignInPage />;
  return <>{children}</>;
}
