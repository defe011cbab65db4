import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** What a session cookie carries: the user's bearer token and who the API server said they are. */
export interface Session {
  token: string;
  user: string;
  groups: string[];
  /** Expiry, ms since the epoch. */
  expires: number;
}

/**
 * Seals sessions into cookie values with AES-256-GCM under a key derived (HKDF-SHA256) from a shared secret, so any
 * replica holding the same secret (a Kubernetes Secret) can open a cookie another replica made: no server-side
 * session state, the Deployment scales horizontally. A tampered, foreign or expired cookie opens to undefined.
 */
export class SessionCodec {
  readonly #key: Buffer;
  readonly #now: () => number;

  constructor(secret: string | Buffer, now: () => number = Date.now) {
    const material = typeof secret === "string" ? Buffer.from(secret, "utf8") : secret;
    if (material.length < 32) throw new Error("session secret: at least 32 bytes are needed");
    this.#key = Buffer.from(hkdfSync("sha256", material, "loupe-session-salt", "loupe-session-v1", 32));
    this.#now = now;
  }

  seal(session: Session): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(session), "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  open(value: string | undefined): Session | undefined {
    if (!value) return undefined;
    try {
      const raw = Buffer.from(value, "base64url");
      if (raw.length < 29) return undefined;
      const decipher = createDecipheriv("aes-256-gcm", this.#key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
      const session = JSON.parse(text) as Session;
      return session.expires > this.#now() ? session : undefined;
    } catch {
      return undefined;
    }
  }
}
