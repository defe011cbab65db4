import { Agent, fetch } from "undici";

/**
 * The few API calls the local cluster makes to bootstrap itself (readiness, discovery, applying samples),
 * authenticated as the admin. Loupe's server has its own client; this one exists so the package has no
 * dependency on the app it serves.
 */
export class BootstrapClient {
  readonly #server: string;
  readonly #token: string;
  readonly #dispatcher: Agent;

  constructor(server: string, token: string, ca: string | undefined) {
    this.#server = server;
    this.#token = token;
    // Before the serving certificate is known (readiness polling), TLS is not verified; after, it always is.
    this.#dispatcher = new Agent({ connect: ca ? { ca } : { rejectUnauthorized: false } });
  }

  async request(method: string, path: string, body?: unknown, contentType = "application/json") {
    const response = await fetch(`${this.#server}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.#token}`,
        "user-agent": "loupe-local-cluster",
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": contentType }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: this.#dispatcher,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json: json as Record<string, unknown> | undefined };
  }

  close(): Promise<void> {
    return this.#dispatcher.close();
  }
}
