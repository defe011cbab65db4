#!/usr/bin/env node
// Parses flags, picks the cluster (the kubeconfig's, or the embedded local one) and listens. Everything else is
// buildApp()'s.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { parseArgs } from "node:util";
import type { KubeConfig } from "@kubernetes/client-node";
import type { LocalCluster } from "@loupe/local-cluster";
import type { AuthOptions } from "./auth/plugin.ts";
import { registerLeanClientNode } from "./cluster/lean-client-node.ts";
import { KindMatcher, parseDuration, parseSize } from "./history/kinds.ts";
import { openHistoryStore } from "./history/open-store.ts";
import type { HistoryOptions } from "./history/plugin.ts";
import { LOUPE_VERSION } from "./version.ts";
import { DEFAULT_WEB_ROOT } from "./web.ts";

// Before anything loads client-node: its KubeConfig without its generated API clients (~90 MB resident; see
// cluster/lean-client-node.ts). The modules that import it are loaded after, hence dynamically.
registerLeanClientNode();
const kubeconfigModule = await import("@kubernetes/client-node");
const { buildApp } = await import("./app.ts");
const { ContextRegistry } = await import("./cluster/contexts.ts");

export const HELP = `Loupe ${LOUPE_VERSION}: a live web dashboard for any Kubernetes API.

usage: npm start -- [options]

Options:
  --port <n>              port to listen on; 0 picks a free one (default 7755)
  --host <addr>           address to listen on (default 127.0.0.1; a wider one exposes your credentials' power)
  --allowed-host <name>   a further host name Loupe may be reached by (an ingress or port-forward name);
                          repeatable. Loopback names and the --host address are always allowed; any other Host
                          is refused with 421 (DNS rebinding)
  --kubeconfig <path>     kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config)
  --context <name>        context to open first (default: the kubeconfig's current-context)
  --local                 use the embedded local cluster (kube-apiserver, kube-controller-manager and etcd on
                          loopback) even with a kubeconfig
  --local-data-dir <dir>  where the local cluster keeps its data (default .state/local-cluster/demo)
  --read-only             refuse every mutating request on the server, whatever the credentials allow
  --auth <mode>           kubeconfig (default): the kubeconfig's credentials for everyone;
                          in-cluster: the pod's service account (Loupe running in a cluster);
                          user-token: each user signs in with a bearer token, forwarded to the API server
  --session-secret-file <path>  user-token mode: secret (≥ 32 bytes) sealing session cookies; replicas share it
                          (default: $LOUPE_SESSION_SECRET)
  --token-header <name>   user-token mode: trust this header from an authenticating proxy as the user's token
  --history-dir <dir>     where the recorded history's SQLite database lives (default .state/history)
  --history-db <url>      keep the history in PostgreSQL instead (postgres://user:pass@host:5432/db); replicas
                          given the same database share one history, each change stored once
  --history-retain <age>  remove recorded changes older than this: 30d (default), 12h, 90m, 2w
  --history-max-size <n>  remove the oldest recorded changes while the history is larger: 2GB (default), 500MB
  --history-kinds <list>  what to record: comma-separated group/Kind patterns (* wildcards; /ConfigMap for the
                          core group; !group/Kind leaves out), "default" = every custom resource, Deployments,
                          StatefulSets, DaemonSets, Services, ConfigMaps, Ingresses and RBAC (the default)
  --history-context <n>   a context to record (repeatable; default: the current context)
  --no-history            record nothing (the history routes answer 404)
  --log-level <level>     fatal, error, warn, info, debug or trace (default warn)
  -h, --help              show this help

With no reachable kubeconfig context, Loupe builds (once) and starts the local cluster with sample CRDs; its data
persists across restarts.
When ready it prints "Loupe is ready at <url>" and, with the local cluster, "Local cluster kubeconfig: <path>".
`;

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "7755" },
    host: { type: "string", default: "127.0.0.1" },
    "allowed-host": { type: "string", multiple: true, default: [] },
    kubeconfig: { type: "string" },
    context: { type: "string" },
    local: { type: "boolean", default: false },
    "local-data-dir": { type: "string" },
    "read-only": { type: "boolean", default: false },
    auth: { type: "string", default: "kubeconfig" },
    "session-secret-file": { type: "string" },
    "token-header": { type: "string" },
    "history-dir": { type: "string" },
    "history-db": { type: "string" },
    "history-retain": { type: "string", default: "30d" },
    "history-max-size": { type: "string", default: "2GB" },
    "history-kinds": { type: "string", default: "default" },
    "history-context": { type: "string", multiple: true, default: [] },
    "no-history": { type: "boolean", default: false },
    "log-level": { type: "string", default: "warn" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`loupe: --port must be a number from 0 to 65535, not "${values.port}"`);
  process.exit(2);
}

const note = (line: string) => console.error(`loupe: ${line}`);
const fail = (message: string): never => {
  console.error(`loupe: ${message}`);
  process.exit(2);
};
if (!["kubeconfig", "in-cluster", "user-token"].includes(values.auth)) {
  fail(`--auth must be kubeconfig, in-cluster or user-token, not "${values.auth}"`);
}
const auth = resolveAuth();
const historySettings = resolveHistory();
let cluster: LocalCluster | undefined;
let kc = values.local ? undefined : await loadKubeconfig(values.kubeconfig);
if (
  values.auth === "in-cluster" ||
  (values.auth === "user-token" && process.env.KUBERNETES_SERVICE_HOST && !values.kubeconfig)
) {
  kc = new kubeconfigModule.KubeConfig();
  kc.loadFromCluster();
}

if (kc && values.context) {
  if (!kc.getContextObject(values.context)) {
    console.error(`loupe: no context "${values.context}" in the kubeconfig`);
    process.exit(2);
  }
  kc.setCurrentContext(values.context);
}

if (kc && !values.kubeconfig && !values.context && values.auth === "kubeconfig") {
  const reason = await unreachable(kc);
  if (reason) {
    note(`the current context "${kc.getCurrentContext()}" is not reachable (${reason}); using the local cluster`);
    kc = undefined;
  }
}

if (!kc) {
  // Loaded only here: a server deployed in a cluster never needs the local control plane.
  const { stateDir, startLocalCluster } = await import("@loupe/local-cluster");
  const dataDir = values["local-data-dir"] ?? join(stateDir(), "local-cluster", "demo");
  cluster = await startLocalCluster({ dataDir, log: note });
  kc = new kubeconfigModule.KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
}

for (const name of values["history-context"]) {
  if (!kc.getContextObject(name)) fail(`--history-context: no context "${name}" in the kubeconfig`);
}
const history = await openHistory();

const app = await buildApp({
  history,
  kubeConfig: kc,
  webRoot: DEFAULT_WEB_ROOT,
  readOnly: values["read-only"],
  listenHost: values.host,
  allowedHosts: values["allowed-host"],
  auth,
  // Tokens and session cookies never reach a log line.
  logger: { level: values["log-level"], redact: ["req.headers.authorization", "req.headers.cookie"] },
});

const shutdown = async (signal: string) => {
  note(`${signal}: shutting down`);
  await app.close();
  await cluster?.stop();
  process.exit(0);
};
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));

await app.listen({ port, host: values.host });
const address = app.server.address();
const actualPort = address && typeof address === "object" ? address.port : port;
const shownHost = values.host.includes(":") ? `[${values.host}]` : values.host;
if (cluster) console.log(`Local cluster kubeconfig: ${cluster.kubeconfigPath}`);
console.log(`Loupe is ready at http://${shownHost}:${actualPort}/`);

function resolveAuth(): AuthOptions {
  if (values.auth !== "user-token") return { mode: "kubeconfig" };
  const file = values["session-secret-file"];
  const secret = file ? readFileSync(file, "utf8").trim() : process.env.LOUPE_SESSION_SECRET;
  if (!secret || Buffer.byteLength(secret) < 32) {
    return fail(
      "--auth user-token needs a session secret of at least 32 bytes (--session-secret-file or $LOUPE_SESSION_SECRET)",
    );
  }
  return { mode: "user-token", sessionSecret: secret, tokenHeader: values["token-header"] };
}

/** The history flags, checked before anything starts (the store is opened once the cluster is known). */
function resolveHistory(): Omit<HistoryOptions, "store"> | undefined {
  if (values["no-history"]) return undefined;
  try {
    new KindMatcher(values["history-kinds"]);
    return {
      kinds: values["history-kinds"],
      retainMs: parseDuration(values["history-retain"], "--history-retain"),
      maxBytes: parseSize(values["history-max-size"], "--history-max-size"),
      ...(values["history-context"].length > 0 ? { contexts: values["history-context"] } : {}),
    };
  } catch (error) {
    return fail((error as Error).message);
  }
}

async function openHistory(): Promise<HistoryOptions | undefined> {
  if (!historySettings) return undefined;
  let dir = values["history-dir"];
  if (dir === undefined && values["history-db"] === undefined) {
    const { stateDir } = await import("@loupe/local-cluster");
    dir = join(stateDir(), "history");
  }
  try {
    return { ...historySettings, store: openHistoryStore({ db: values["history-db"], dir: dir ?? "" }) };
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** The kubeconfig as kubectl finds it, or undefined when there is none with a context. */
async function loadKubeconfig(path: string | undefined): Promise<KubeConfig | undefined> {
  const kc = new kubeconfigModule.KubeConfig();
  if (path) {
    if (!existsSync(path)) {
      console.error(`loupe: no kubeconfig at ${path}`);
      process.exit(2);
    }
    kc.loadFromFile(path);
    return kc;
  }
  const candidates = process.env.KUBECONFIG
    ? process.env.KUBECONFIG.split(delimiter).filter(Boolean)
    : [join(homedir(), ".kube", "config")];
  if (!candidates.some((file) => existsSync(file))) return undefined;
  kc.loadFromDefault();
  return kc.getContexts().length > 0 ? kc : undefined;
}

/** Why the current context's API server cannot be reached, or undefined when it answers (any HTTP status). */
async function unreachable(kc: KubeConfig): Promise<string | undefined> {
  const registry = new ContextRegistry(kc);
  try {
    const name = registry.current;
    if (!name) return "no context";
    await registry.get(name).fetch("/version", { signal: AbortSignal.timeout(3_000) });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await registry.close();
  }
}
