import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createWriteStream, existsSync, type WriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { ensurePlaneBinary } from "./build.ts";
import { BootstrapClient } from "./kube.ts";
import { stateDir } from "./paths.ts";
import { freePort } from "./ports.ts";
import { applySamples, applyViewerRbac } from "./samples.ts";

export interface LocalClusterOptions {
  /**
   * Where etcd, certificates, keys and the kubeconfig live. Given: kept across runs (the demo; objects survive a
   * restart). Default: a fresh folder under the state dir, removed by stop() (tests).
   */
  dataDir?: string;
  /** Apply the sample CRDs and objects at start (default true). Idempotent: existing objects are left alone. */
  samples?: boolean;
  /** kube-apiserver's `--etcd-compaction-interval` (default "5m"); short values make 410 Gone reproducible. */
  compactionInterval?: string;
  /** Extra kube-apiserver flags, appended last. */
  extraArgs?: string[];
  /**
   * Run kube-controller-manager in the plane (default true). False: kube-apiserver alone — namespaces then stay
   * Terminating, nothing collects garbage, no Deployment gets a ReplicaSet.
   */
  controllers?: boolean;
  /** Extra kube-controller-manager flags, appended last. */
  controllerManagerArgs?: string[];
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** How long to wait for `/readyz` (default 120 s). */
  readyTimeoutMs?: number;
}

/** Bearer tokens of the users the local cluster knows (static token file). */
export interface LocalClusterTokens {
  /** `loupe-admin`, in `system:masters`: may do anything. */
  admin: string;
  /** `loupe-viewer`: get/list/watch on every resource, nothing else (ClusterRole `loupe-local-viewer`). */
  viewer: string;
}

export interface LocalCluster {
  /** A kubeconfig with contexts `loupe-local` (admin, current) and `loupe-local-viewer`. */
  kubeconfigPath: string;
  /** The API server's URL, `https://127.0.0.1:<port>`. */
  server: string;
  /** PEM of the CA that signed the API server's serving certificate. */
  caData: string;
  tokens: LocalClusterTokens;
  dataDir: string;
  /** The control plane's process id while it runs. */
  readonly pid: number | undefined;
  /** Stops the API server process but keeps ports and data, to test a dead API server. */
  halt(): Promise<void>;
  /** Starts the API server again after halt() on the same port and data, and waits for readiness. */
  resume(): Promise<void>;
  /** Stops the process; removes the data dir when it was a throwaway one. Safe to call twice. */
  stop(): Promise<void>;
}

const ADMIN_CONTEXT = "loupe-local";
const VIEWER_CONTEXT = "loupe-local-viewer";

/**
 * kube-controller-manager's controllers: its defaults (`*`), less CertificateSigningRequest signing: there are no
 * cluster-signing files to sign with (it would only log that it skips itself).
 */
const CONTROLLERS = ["*", "-certificatesigningrequest-signing-controller"].join(",");

/**
 * Starts a real control plane (etcd embedded, kube-apiserver and kube-controller-manager in one process; no
 * scheduler, no kubelet) on free loopback ports, waits until `/readyz` answers ok, writes a kubeconfig and applies the
 * samples. The child process ends with its parent: it exits when its stdin closes, so a killed test run leaves no
 * orphan; stop() ends it gracefully.
 */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const log = options.log ?? (() => {});
  const binary = await ensurePlaneBinary({ log });
  const throwaway = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await makeTempDir());
  await mkdir(join(dataDir, "certs"), { recursive: true });

  const tokens = await ensureTokens(dataDir);
  const keys = await ensureServiceAccountKeys(dataDir);
  const [port, etcdClient, etcdPeer] = [await freePort(), await freePort(), await freePort()];
  const server = `https://127.0.0.1:${port}`;
  const certDir = join(dataDir, "certs");
  // The plane writes the CA of kube-apiserver's self-signed serving certificate here once it is ready, before
  // kube-controller-manager starts: the controllers' client trusts it, and it is what every namespace's
  // kube-root-ca.crt ConfigMap and service-account token Secret carry.
  const servingCaFile = join(certDir, "serving-ca.crt");
  const controllerManagerKubeconfig = join(dataDir, "controller-manager.kubeconfig");
  await writeFile(controllerManagerKubeconfig, controllerManagerConfig(server, servingCaFile, tokens.admin), {
    mode: 0o600,
  });

  // kube-controller-manager, started by the plane once kube-apiserver is ready (the third section).
  const controllerManagerArgs = [
    "--",
    `--kubeconfig=${controllerManagerKubeconfig}`,
    "--leader-elect=false",
    // No serving endpoint: nothing here reads its /healthz or /metrics, and a port is one more to find.
    "--secure-port=0",
    // The controllers act as the admin (system:masters) rather than as one service account each.
    "--use-service-account-credentials=false",
    `--service-account-private-key-file=${keys.privateKey}`,
    `--root-ca-file=${servingCaFile}`,
    `--controllers=${CONTROLLERS}`,
    ...(options.controllerManagerArgs ?? []),
  ];

  const args = [
    `--etcd-data-dir=${join(dataDir, "etcd")}`,
    `--etcd-client-url=http://127.0.0.1:${etcdClient}`,
    `--etcd-peer-url=http://127.0.0.1:${etcdPeer}`,
    "--exit-with-stdin",
    `--serving-ca-file=${servingCaFile}`,
    ...(throwaway ? ["--etcd-unsafe-no-fsync"] : []),
    "--",
    `--etcd-servers=http://127.0.0.1:${etcdClient}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${port}`,
    `--cert-dir=${certDir}`,
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${keys.publicKey}`,
    `--service-account-signing-key-file=${keys.privateKey}`,
    "--service-cluster-ip-range=10.96.0.0/16",
    "--authorization-mode=RBAC",
    `--token-auth-file=${join(dataDir, "tokens.csv")}`,
    `--etcd-compaction-interval=${options.compactionInterval ?? "5m"}`,
    "--profiling=false",
    // The "kubernetes" Service's endpoints cannot point at loopback; nothing here routes to it anyway.
    "--endpoint-reconciler-type=none",
    // Open watches would otherwise hold a shutdown for 15 s (then stop() kills): end them quickly, as a restart
    // of a managed control plane does.
    "--shutdown-watch-termination-grace-period=2s",
    "--allow-privileged=true",
    ...(options.extraArgs ?? []),
    ...(options.controllers === false ? [] : controllerManagerArgs),
  ];

  const logPath = join(dataDir, "plane.log");
  let child: ChildProcess | undefined;
  let logStream: WriteStream | undefined;
  const killOnExit = () => child?.kill("SIGKILL");
  process.on("exit", killOnExit);

  const launch = async () => {
    logStream = createWriteStream(logPath, { flags: "a" });
    await new Promise((resolve) => logStream?.once("open", resolve));
    const proc = spawn(binary, args, { stdio: ["pipe", logStream, logStream] });
    child = proc;
    const exited = new Promise<never>((_, reject) => {
      proc.once("exit", (code, signal) => reject(new Error(`exited (${code ?? signal}) before it was ready`)));
    });
    exited.catch(() => {});
    try {
      await Promise.race([waitReady(server, tokens.admin, options.readyTimeoutMs ?? 120_000), exited]);
    } catch (error) {
      const tail = (await readFile(logPath, "utf8").catch(() => "")).split("\n").slice(-30).join("\n");
      await halt();
      throw new Error(`local-cluster: kube-apiserver ${(error as Error).message}\n${tail}`, { cause: error });
    }
  };

  const halt = async () => {
    const proc = child;
    child = undefined;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((resolve) => proc.once("exit", resolve));
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
      await gone;
      clearTimeout(timer);
    }
    await new Promise((resolve) => (logStream ? logStream.end(resolve) : resolve(undefined)));
    logStream = undefined;
  };

  log(
    `local-cluster: starting ${options.controllers === false ? "kube-apiserver" : "kube-apiserver and kube-controller-manager"} on ${server} (data: ${dataDir})`,
  );
  const started = Date.now();
  await launch();
  log(`local-cluster: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const caData = await readServingCa(dataDir);
  const client = new BootstrapClient(server, tokens.admin, caData);
  try {
    await applyViewerRbac(client);
    if (options.samples ?? true) await applySamples(client, log);
    if (options.controllers !== false) {
      await waitControllers(client, options.readyTimeoutMs ?? 120_000);
      log(`local-cluster: controllers running after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } catch (error) {
    await halt();
    throw error;
  } finally {
    await client.close();
  }

  const kubeconfigPath = join(dataDir, "kubeconfig.yaml");
  await writeFile(kubeconfigPath, kubeconfig(server, caData, tokens), { mode: 0o600 });

  let stopped = false;
  return {
    kubeconfigPath,
    server,
    caData,
    tokens,
    dataDir,
    get pid() {
      return child?.pid;
    },
    halt,
    resume: launch,
    async stop() {
      if (stopped) return;
      stopped = true;
      await halt();
      process.off("exit", killOnExit);
      if (throwaway) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function makeTempDir(): Promise<string> {
  const parent = join(stateDir(), "tmp");
  await mkdir(parent, { recursive: true });
  return mkdtemp(join(parent, "cluster-"));
}

/** Tokens are made once per data dir, so a kubeconfig written for a persistent cluster stays valid. */
async function ensureTokens(dataDir: string): Promise<LocalClusterTokens> {
  const file = join(dataDir, "tokens.json");
  if (existsSync(file)) return JSON.parse(await readFile(file, "utf8")) as LocalClusterTokens;
  const tokens = { admin: randomBytes(24).toString("hex"), viewer: randomBytes(24).toString("hex") };
  await writeFile(file, JSON.stringify(tokens), { mode: 0o600 });
  // kube-apiserver's static token file: token,user,uid,"group1,group2"
  const csv = [
    `${tokens.admin},loupe-admin,loupe-admin,"system:masters"`,
    `${tokens.viewer},loupe-viewer,loupe-viewer`,
  ];
  await writeFile(join(dataDir, "tokens.csv"), `${csv.join("\n")}\n`, { mode: 0o600 });
  return tokens;
}

async function ensureServiceAccountKeys(dataDir: string) {
  const privateKey = join(dataDir, "sa.key");
  const publicKey = join(dataDir, "sa.pub");
  if (!existsSync(privateKey)) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    await writeFile(publicKey, pair.publicKey.export({ type: "spki", format: "pem" }));
    await writeFile(privateKey, pair.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  }
  return { privateKey, publicKey };
}

async function waitReady(server: string, token: string, timeoutMs: number): Promise<void> {
  const client = new BootstrapClient(server, token, undefined);
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  try {
    while (Date.now() < deadline) {
      try {
        const response = await client.request("GET", "/readyz");
        if (response.status === 200) return;
        last = `${response.status} ${response.text.slice(0, 200)}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.close();
  }
  throw new Error(`was not ready after ${timeoutMs} ms (last: ${last})`);
}

/**
 * Waits until the `default` ServiceAccount of namespace `default` exists: on a fresh data dir, the controller-manager's
 * first work (it starts after kube-apiserver is ready, so tests that follow can count on its controllers).
 */
async function waitControllers(client: BootstrapClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await client.request("GET", "/api/v1/namespaces/default/serviceaccounts/default")).status !== 200) {
    if (Date.now() > deadline) {
      throw new Error(`local-cluster: kube-controller-manager made no default ServiceAccount in ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * kube-apiserver writes a self-signed CA and a serving certificate signed by it into --cert-dir as one chain
 * (serving certificate first). The CA is what clients trust.
 */
async function readServingCa(dataDir: string): Promise<string> {
  const chain = await readFile(join(dataDir, "certs", "apiserver.crt"), "utf8");
  const blocks = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const ca = blocks.at(-1);
  if (!ca) throw new Error("local-cluster: no certificate in certs/apiserver.crt");
  return `${ca}\n`;
}

/** kube-controller-manager's kubeconfig: the admin's token; the CA file exists once kube-apiserver is ready. */
function controllerManagerConfig(server: string, caFile: string, token: string): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "loupe-local", cluster: { server, "certificate-authority": caFile } }],
    users: [{ name: "kube-controller-manager", user: { token } }],
    contexts: [
      { name: "kube-controller-manager", context: { cluster: "loupe-local", user: "kube-controller-manager" } },
    ],
    "current-context": "kube-controller-manager",
  });
}

function kubeconfig(server: string, caData: string, tokens: LocalClusterTokens): string {
  const ca = Buffer.from(caData).toString("base64");
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "loupe-local", cluster: { server, "certificate-authority-data": ca } }],
    users: [
      { name: "loupe-admin", user: { token: tokens.admin } },
      { name: "loupe-viewer", user: { token: tokens.viewer } },
    ],
    contexts: [
      { name: ADMIN_CONTEXT, context: { cluster: "loupe-local", user: "loupe-admin", namespace: "default" } },
      { name: VIEWER_CONTEXT, context: { cluster: "loupe-local", user: "loupe-viewer", namespace: "default" } },
    ],
    "current-context": ADMIN_CONTEXT,
  });
}
