import { useSession, useSignOut } from "../api/session.ts";

/** Who is signed in, and a way out (user-token mode only; nothing in kubeconfig mode). */
export function UserMenu() {
  const session = useSession();
  const signOut = useSignOut();
  if (session.data?.mode !== "user-token" || !session.data.user) return null;
  return (
    <div className="user-menu">
      <span className="muted">Signed in as</span> <strong>{session.data.user}</strong>
      <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        Sign out
      </button>
    </div>
  );
}
