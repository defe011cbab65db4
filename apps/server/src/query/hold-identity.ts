import { type IdentityTokens, identityOf } from "../watch/identity-tokens.ts";

/**
 * Holds the caller's token (user-token mode) while a request runs queries as them, so the reflectors it starts
 * can act as that user; returns the identity and the release (idempotent). Without a token: the server's own
 * identity "", nothing held.
 */
export function holdIdentity(
  tokens: IdentityTokens,
  token: string | undefined,
): { identity: string; release: () => void } {
  const identity = identityOf(token);
  return { identity, release: token ? tokens.hold(identity, token) : () => {} };
}
