import { createHash } from "node:crypto";

/** The identity of a forwarded token (a SHA-256 hash, never the token itself); "" without one (the server's own). */
export function identityOf(token: string | undefined): string {
  return token ? createHash("sha256").update(token).digest("hex") : "";
}

/**
 * User-token mode: the tokens of the users being served now, by identity, so a reflector started for an identity
 * can act as that user. A token is held while anything that presented it is open (a socket, a server-side view of
 * that user); the last release forgets it. Tokens are never logged nor sent anywhere but to the API server.
 */
export class IdentityTokens {
  readonly #held = new Map<string, { token: string; holders: number }>();

  /** Holds `token` under `identity` (its {@link identityOf}) until the returned function is called (idempotent). */
  hold(identity: string, token: string): () => void {
    const held = this.#held.get(identity);
    this.#held.set(identity, { token, holders: (held?.holders ?? 0) + 1 });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = this.#held.get(identity);
      if (now && --now.holders === 0) this.#held.delete(identity);
    };
  }

  /** The token held for `identity`, if any. */
  token(identity: string): string | undefined {
    return this.#held.get(identity)?.token;
  }
}
