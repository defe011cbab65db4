import { type FormEvent, useState } from "react";
import { ErrorNote } from "../../../components/error-note.tsx";
import { useSignIn } from "../api/session.ts";

/**
 * Sign-in for user-token mode: the user pastes a Kubernetes bearer token (a service-account token, or an OIDC ID
 * token their cluster accepts). Loupe checks it with the API server and keeps it in an HttpOnly cookie that this
 * page's scripts cannot read; Kubernetes RBAC then decides what the user may do.
 */
export function SignInPage() {
  const [token, setToken] = useState("");
  const signIn = useSignIn();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) signIn.mutate(token.trim());
  };
  return (
    <main className="sign-in">
      <form className="card sign-in-card" onSubmit={submit}>
        <h1 className="brand">Loupe</h1>
        <p>Sign in with a Kubernetes bearer token. What you can see and change is what RBAC allows that token.</p>
        <label htmlFor="token">Bearer token</label>
        <textarea
          id="token"
          name="token"
          rows={5}
          spellCheck={false}
          autoComplete="off"
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <p className="muted">
          For example <code>kubectl create token &lt;service-account&gt;</code>. The token is sent to Loupe's server
          only, kept in an HttpOnly cookie, and forwarded to the API server.
        </p>
        <button type="submit" disabled={signIn.isPending || !token.trim()}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </button>
        {signIn.isError ? <ErrorNote error={signIn.error} /> : null}
      </form>
    </main>
  );
}
