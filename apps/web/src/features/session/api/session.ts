import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, SESSION_URL } from "../../../lib/api.ts";

/** `GET /api/v1/session`: how Loupe authenticates, and who is signed in (user-token mode). */
export interface SessionInfo {
  mode: "kubeconfig" | "user-token";
  user?: string | null;
  groups?: string[];
  /** An authenticating proxy supplies the token: there is nothing to sign in to here. */
  proxied?: boolean;
}

export const getSession = () => api<SessionInfo>(SESSION_URL);

export const sessionQueryOptions = () =>
  queryOptions({ queryKey: ["session"], queryFn: getSession, staleTime: 60_000 });

export const useSession = () => useQuery(sessionQueryOptions());

/** Signs in with a bearer token; on success every query refetches as the new user. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      api<SessionInfo>(SESSION_URL, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token }),
      }),
    onSuccess: () => client.resetQueries(),
  });
}

/** Signs out: the cookie is cleared and every cached answer of the old user is dropped. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(SESSION_URL, { method: "DELETE" }),
    onSuccess: () => {
      client.clear();
      window.location.assign("/");
    },
  });
}
