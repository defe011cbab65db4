import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { planeSourceDir, stateDir } from "./paths.ts";

const run = promisify(execFile);

/** The Kubernetes release the plane is built from, as plane/go.mod requires it. */
export const KUBERNETES_VERSION: string = (() => {
  const goMod = readFileSync(join(planeSourceDir(), "go.mod"), "utf8");
  const match = /^\s*(?:require\s+)?k8s\.io\/kubernetes (v\d+\.\d+\.\d+)$/m.exec(goMod);
  if (!match?.[1]) throw new Error("local-cluster: plane/go.mod does not require k8s.io/kubernetes");
  return match[1];
})();

/** Stamps the release into the binary as Kubernetes' own build does, so `/version` tells the truth. */
function versionLdflags(): string {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split(".");
  const vars = { gitVersion: KUBERNETES_VERSION, gitMajor: major, gitMinor: minor, gitTreeState: "clean" };
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

/**
 * Returns the path of the loupe-plane binary (etcd + kube-apiserver), building it with `go build` first when no
 * binary exists for the current sources and Go toolchain. The binary is cached under the state dir keyed by a hash
 * of plane/go.mod, go.sum, main.go and `go version`, so a second call (and a second run) never rebuilds. Concurrent
 * builders are safe: each writes a private temp file and renames it into place.
 */
export async function ensurePlaneBinary(options: BuildOptions = {}): Promise<string> {
  const src = planeSourceDir();
  const goVersion = (await run("go", ["version"])).stdout.trim();
  const hash = createHash("sha256").update(goVersion).update(versionLdflags());
  for (const file of ["go.mod", "go.sum", "main.go"]) {
    hash.update(file).update(await readFile(join(src, file)));
  }
  const binDir = join(stateDir(), "bin");
  const binary = join(binDir, `loupe-plane-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(binary)) return binary;

  await mkdir(binDir, { recursive: true });
  const tmp = `${binary}.tmp-${process.pid}`;
  options.log?.(`local-cluster: building kube-apiserver ${KUBERNETES_VERSION} + etcd (first time only; takes minutes)`);
  const started = Date.now();
  try {
    await run("go", ["build", "-trimpath", "-ldflags", versionLdflags(), "-o", tmp, "."], {
      cwd: src,
      env: { ...process.env, CGO_ENABLED: "0" },
      maxBuffer: 64 * 1024 * 1024,
    });
    await rename(tmp, binary);
  } catch (error) {
    await rm(tmp, { force: true });
    const stderr = (error as { stderr?: string }).stderr ?? "";
    throw new Error(`local-cluster: go build failed\n${stderr}`, { cause: error });
  }
  options.log?.(`local-cluster: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return binary;
}
