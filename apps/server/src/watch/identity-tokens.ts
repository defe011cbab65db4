import { createHash } from "node:crypto";

/**
 * User-token mode: the tokens of users with something open (a watch socket, a query, an MCP session) by identity
 * (a hash of the token), so a shared reflector can act as its user (see WatchKey.identity). A token stays only
 * while something holds it. The server's own identity is "" and has no token.
 */
export class IdentityTokens {
  readonly #held = new Map<string, { token: string; holders: number }>();

  /** The identity of `token` ("" for none: the server's own credentials). */
  static identityOf(token: string | undefined): string {
    return token ? createHash("sha256").update(token).digest("hex") : "";
  }

  /** Holds `token` until the returned function is called (idempotent); returns its identity. */
  hold(token: string | undefined): { identity: string; release: () => void } {
    const identity = IdentityTokens.identityOf(token);
    if (!token) return { identity, release: () => {} };
    const held = this.#held.get(identity);
    this.#held.set(identity, { token, holders: (held?.holders ?? 0) + 1 });
    let released = false;
    return {
      identity,
      release: () => {
        if (released) return;
        released = true;
        const entry = this.#held.get(identity);
        if (entry && --entry.holders === 0) this.#held.delete(identity);
      },
    };
  }

  /**
   * The token of `identity`: undefined for "" (the server's own credentials). Throws for a user's identity
   * nobody holds: a reflector must never fall back to the server's credentials for a user.
   */
  token(identity: string): string | undefined {
    if (identity === "") return undefined;
    const held = this.#held.get(identity);
    if (!held) throw new Error("the user's session ended: no credentials to watch with");
    return held.token;
  }
}
