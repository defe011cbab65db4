import { spawn } from "node:child_process";

export interface KubectlRun {
  /** Wall time from spawn to exit, in ms. */
  ms: number;
  /** Bytes written to stdout (read and discarded, as a pipe to another program would). */
  bytes: number;
}

/**
 * Runs kubectl with `args` and times it from spawn to exit. stdout is drained and counted, not kept; a non-zero
 * exit throws with stderr.
 */
export function timeKubectl(kubectl: string, kubeconfigPath: string, args: readonly string[]): Promise<KubectlRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(kubectl, ["--kubeconfig", kubeconfigPath, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.once("error", reject);
    child.once("close", (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, bytes });
      else reject(new Error(`kubectl ${args.join(" ")} exited with ${code}: ${stderr}`));
    });
  });
}

/** `kubectl version --client` as `v1.34.4`. */
export async function kubectlVersion(kubectl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectl, ["version", "--client", "-o", "json"], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", () => {
      try {
        resolve((JSON.parse(out) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion);
      } catch {
        resolve("unknown");
      }
    });
  });
}
