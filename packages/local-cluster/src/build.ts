import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { planeSourceDir, stateDir } from "./paths.ts";

const run = promisify(execFile);

/** The Kubernetes release the plane is built from, as plane/go.mod requires it (read when asked, so that
 * importing this package needs no Go sources, e.g. in the server's container image). */
export function kubernetesVersion(): string {
  const goMod = readFileSync(join(planeSourceDir(), "go.mod"), "utf8");
  const match = /^\s*(?:require\s+)?k8s\.io\/kubernetes (v\d+\.\d+\.\d+)$/m.exec(goMod);
  if (!match?.[1]) throw new Error("local-cluster: plane/go.mod does not require k8s.io/kubernetes");
  return match[1];
}

/** Stamps the release into the binary as Kubernetes' own build does, so `/version` tells the truth. */
function versionLdflags(): string {
  const version = kubernetesVersion();
  const [major, minor] = version.slice(1).split(".");
  const vars = { gitVersion: version, gitMajor: major, gitMinor: minor, gitTreeState: "clean" };
  return Object.entries(vars)
    .flatMap(([name, value]) =>
      ["k8s.io/component-base/version", "k8s.io/client-go/pkg/version"].map((pkg) => `-X ${pkg}.${name}=${value}`),
    )
    .join(" ");
}

export interface BuildOptions {
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

/** A Go program of the plane module: its binary's name and its package path in the module. */
interface GoTool {
  name: string;
  pkg: string;
}

const PLANE: GoTool = { name: "loupe-plane", pkg: "." };
const KUBECTL: GoTool = { name: "kubectl", pkg: "./cmd/kubectl" };

/**
 * Returns the path of the loupe-plane binary (etcd + kube-apiserver), building it with `go build` first when no
 * binary exists for the current sources and Go toolchain. The binary is cached under the state dir keyed by a hash
 * of the module's go.mod, go.sum and Go files and `go version`, so a second call (and a second run) never rebuilds.
 * Concurrent builders are safe: each writes a private temp file and renames it into place.
 */
export function ensurePlaneBinary(options: BuildOptions = {}): Promise<string> {
  return ensureGoBinary(PLANE, options);
}

/** kubectl of the same Kubernetes release, built and cached like the plane (for tests, benchmarks, kustomize). */
export function ensureKubectlBinary(options: BuildOptions = {}): Promise<string> {
  return ensureGoBinary(KUBECTL, options);
}

async function ensureGoBinary(tool: GoTool, options: BuildOptions): Promise<string> {
  const src = planeSourceDir();
  const goVersion = (await run("go", ["version"])).stdout.trim();
  const hash = createHash("sha256").update(goVersion).update(versionLdflags()).update(tool.pkg);
  const files = (await readdir(src, { recursive: true }))
    .filter((f) => f === "go.mod" || f === "go.sum" || f.endsWith(".go"))
    .sort();
  for (const file of files) {
    hash.update(file).update(await readFile(join(src, file)));
  }
  const binDir = join(stateDir(), "bin");
  const binary = join(binDir, `${tool.name}-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(binary)) return binary;

  await mkdir(binDir, { recursive: true });
  const tmp = `${binary}.tmp-${process.pid}`;
  options.log?.(
    `local-cluster: building ${tool.name} (Kubernetes ${kubernetesVersion()}; first time only, takes minutes)`,
  );
  const started = Date.now();
  try {
    await run("go", ["build", "-trimpath", "-ldflags", versionLdflags(), "-o", tmp, tool.pkg], {
      cwd: src,
      env: { ...process.env, CGO_ENABLED: "0" },
      maxBuffer: 64 * 1024 * 1024,
    });
    await rename(tmp, binary);
  } catch (error) {
    await rm(tmp, { force: true });
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`local-cluster: go build of ${tool.name} failed\n${stderr}`, { cause: error });
  }
  options.log?.(`local-cluster: built ${tool.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return binary;
}
