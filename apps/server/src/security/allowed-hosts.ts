import { isIP } from "node:net";

/** Options of {@link AllowedHosts}. */
export interface AllowedHostsOptions {
  /** The address Loupe listens on (`--host`); default `127.0.0.1`. */
  listenHost?: string;
  /** Further names Loupe is reached by (`--allowed-host`: an ingress or port-forward name). */
  allowedHosts?: readonly string[];
}

const WILDCARD_ADDRESSES = new Set(["0.0.0.0", "::", "0:0:0:0:0:0:0:0"]);

/**
 * The hosts Loupe may be reached by (DESIGN §7), against DNS rebinding: a page on `evil.example` whose name is
 * made to resolve to 127.0.0.1 sends `Host: evil.example`, and must get nothing. Allowed: loopback names
 * (`localhost`, `*.localhost`) and addresses (127.0.0.0/8, ::1), the `--host` address, every `--allowed-host`
 * name; and, only when Loupe listens on a wildcard address (in a pod: kubelet's probes name the pod IP), any IP
 * literal — rebinding needs a DNS name, so an address is never one.
 */
export class AllowedHosts {
  readonly #names: ReadonlySet<string>;
  readonly #anyAddress: boolean;

  constructor(options: AllowedHostsOptions = {}) {
    const listen = normalizeHostname(options.listenHost ?? "127.0.0.1");
    this.#anyAddress = WILDCARD_ADDRESSES.has(listen);
    const names = new Set(["localhost"]);
    if (!this.#anyAddress) names.add(listen);
    for (const name of options.allowedHosts ?? []) names.add(normalizeHostname(name));
    this.#names = names;
  }

  /** The names and addresses allowed besides loopback, for messages and `--help`. */
  get names(): readonly string[] {
    return [...this.#names];
  }

  /** Whether a `Host` header (name or address, optional port) names this server. */
  allows(host: string | undefined): boolean {
    const hostname = hostnameOf(host);
    return hostname !== undefined && this.allowsHostname(hostname);
  }

  /** Whether a bare hostname (no port; IPv6 without brackets) is allowed. */
  allowsHostname(hostname: string): boolean {
    const name = normalizeHostname(hostname);
    if (this.#names.has(name) || name.endsWith(".localhost")) return true;
    const family = isIP(name);
    if (family === 0) return false;
    if (this.#anyAddress) return true;
    return family === 4 ? name.startsWith("127.") : name === "::1";
  }

  /**
   * Whether a browser's `Origin` is Loupe's own: an http(s) origin whose hostname is allowed and whose host and
   * port are those the request was sent to (a page of another local service, on another port, is not Loupe).
   * `null`, opaque and unparsable origins are not.
   */
  allowsOrigin(origin: string, host: string | undefined): boolean {
    let from: URL;
    let to: URL;
    try {
      from = new URL(origin);
      to = new URL(`${from.protocol}//${host ?? ""}`);
    } catch {
      return false;
    }
    if (from.protocol !== "http:" && from.protocol !== "https:") return false;
    if (from.username || from.password || from.pathname !== "/" || from.search || from.hash) return false;
    return this.allowsHostname(from.hostname.replace(/^\[|\]$/g, "")) && from.host === to.host;
  }
}

/** The hostname of a `Host` header (`[::1]:7755` → `::1`), or undefined when it is not a valid one. */
export function hostnameOf(host: string | undefined): string | undefined {
  if (!host || host.length > 300) return undefined;
  try {
    const url = new URL(`http://${host}`);
    // Anything but host[:port] (a path, credentials, a query) changes what the URL parser reads.
    if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return undefined;
    // The URL parser drops the default port and lowercases; anything else it changed was not a plain host[:port].
    if (url.host !== host.toLowerCase().replace(/:80$/, "")) return undefined;
    return url.hostname.replace(/^\[|\]$/g, "");
  } catch {
    return undefined;
  }
}

function normalizeHostname(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
}
