import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalCluster, stateDir } from "../src/index.ts";

// Each test here starts its own cluster (a few seconds each): they stop, kill and restart it.
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  await mkdir(join(stateDir(), "tmp"), { recursive: true });
  const dir = await mkdtemp(join(stateDir(), "tmp", "lifecycle-"));
  dirs.push(dir);
  return dir;
}

function core(kubeconfigPath: string) {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return kc.makeApiClient(CoreV1Api);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("local cluster lifecycle", () => {
  it("keeps objects in a persistent data dir across a stop and a new start", async () => {
    const dataDir = await tempDir();
    const first = await startLocalCluster({ dataDir, samples: false });
    await core(first.kubeconfigPath).createNamespacedConfigMap({
      namespace: "default",
      body: { metadata: { name: "survivor" }, data: { note: "still here" } },
    });
    await first.stop();

    const second = await startLocalCluster({ dataDir, samples: false });
    try {
      expect(second.tokens).toEqual(first.tokens);
      const kept = await core(second.kubeconfigPath).readNamespacedConfigMap({
        name: "survivor",
        namespace: "default",
      });
      expect(kept.data).toEqual({ note: "still here" });
    } finally {
      await second.stop();
    }
  });

  it("halts and resumes the API server on the same address with the same data", async () => {
    const cluster = await startLocalCluster({ samples: false });
    try {
      const api = core(cluster.kubeconfigPath);
      await api.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "before-halt" } } });
      const pid = cluster.pid;
      await cluster.halt();
      expect(pid !== undefined && alive(pid)).toBe(false);
      await expect(api.listNamespacedConfigMap({ namespace: "default" })).rejects.toThrow();
      await cluster.resume();
      const names = (await api.listNamespacedConfigMap({ namespace: "default" })).items.map((c) => c.metadata?.name);
      expect(names).toContain("before-halt");
    } finally {
      await cluster.stop();
    }
    expect(cluster.pid).toBeUndefined();
  });

  it("leaves no orphan when the process that started it is killed with SIGKILL", async () => {
    const dataDir = await tempDir();
    const script = `
      import { startLocalCluster } from ${JSON.stringify(join(import.meta.dirname, "..", "src", "index.ts"))};
      const cluster = await startLocalCluster({ dataDir: ${JSON.stringify(dataDir)}, samples: false });
      console.log("PID " + cluster.pid);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: parent.stdout });
    const pid = await new Promise<number>((resolve, reject) => {
      lines.on("line", (line) => {
        const match = /^PID (\d+)$/.exec(line);
        if (match) resolve(Number(match[1]));
      });
      parent.on("exit", (code) => reject(new Error(`parent exited early (${code})`)));
    });
    expect(alive(pid)).toBe(true);

    parent.kill("SIGKILL");
    const deadline = Date.now() + 30_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
  });
});
