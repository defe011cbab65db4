import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "../support/browser.ts";

// `npm start` runs scripts/start.ts (after the install step of scripts/run.mjs); these tests run that script the
// same way, with the flags a user passes after `--`, and read the lines scripts and users rely on.
const ROOT = join(import.meta.dirname, "..", "..");
const cluster = inject("cluster");
let browser: Browser;
const children: ChildProcess[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  }
});
afterAll(async () => {
  await browser?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Starts `node scripts/start.ts ...args` and resolves with every stdout line once the ready line came. */
function start(args: string[], env: Record<string, string> = {}): Promise<{ lines: string[]; url: string }> {
  const child = spawn(process.execPath, [join(ROOT, "scripts", "start.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      lines.push(line);
      const ready = /^Loupe is ready at (http:\/\/\S+)$/.exec(line);
      if (ready?.[1]) resolve({ lines, url: ready[1] });
    });
    child.once("exit", (code) => reject(new Error(`start exited (${code}) before ready; stdout: ${lines.join("\n")}`)));
  });
}

describe("npm start", () => {
  it("--help lists the flags", async () => {
    const child = spawn(process.execPath, [join(ROOT, "scripts", "start.ts"), "--help"], { cwd: ROOT });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    for (const flag of [
      "--port",
      "--host",
      "--context",
      "--kubeconfig",
      "--local",
      "--read-only",
      "--history-dir",
      "--history-db",
      "--history-retain",
      "--history-max-size",
      "--history-kinds",
      "--no-history",
    ]) {
      expect(out).toContain(`  ${flag} `);
    }
  });

  it("serves the page against a kubeconfig and prints the ready line", async () => {
    const { lines, url } = await start(["--port", "0", "--kubeconfig", cluster.kubeconfigPath]);
    expect(lines).toEqual([`Loupe is ready at ${url}`]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await browser.newPage();
    await page.goto(url);
    await expect.poll(() => page.getByTestId("server-version").textContent(), { timeout: 15_000 }).toBe("v1.34.4");
    await page.close();
  });

  it("falls back to the local cluster when the kubeconfig has no context, and says where its kubeconfig is", async () => {
    const dir = await mkdtemp(join(tmpdir(), "loupe-start-"));
    dirs.push(dir);
    const { lines, url } = await start(["--port", "0", "--local-data-dir", join(dir, "cluster")], {
      KUBECONFIG: join(dir, "no-such-kubeconfig"),
    });
    const kubeconfig = /^Local cluster kubeconfig: (\S+)$/.exec(lines[0] ?? "")?.[1];
    expect(kubeconfig).toBe(join(dir, "cluster", "kubeconfig.yaml"));
    expect(existsSync(kubeconfig ?? "")).toBe(true);
    expect(lines[1]).toBe(`Loupe is ready at ${url}`);
    const page = await browser.newPage();
    await page.goto(url);
    await expect.poll(() => page.getByTestId("server-version").textContent(), { timeout: 15_000 }).toBe("v1.34.4");
    await screenshot(page, "local-cluster-start");
    await page.close();
  });

  it("builds the web app in a child process, so the server does not keep the build's memory", async () => {
    // A changed source (here: a missing stamp) makes npm start rebuild the web app before it serves.
    await rm(join(ROOT, "apps", "web", "dist", ".source-hash"), { force: true });
    const { url } = await start(["--port", "0", "--kubeconfig", cluster.kubeconfigPath]);
    expect(existsSync(join(ROOT, "apps", "web", "dist", ".source-hash"))).toBe(true);
    const pid = children.at(-1)?.pid;
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const rssMiB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
    // Built in the server process, Vite left it at ~1.1 GB; the server alone is ~200 MB.
    expect(rssMiB).toBeGreaterThan(20);
    expect(rssMiB).toBeLessThan(450);
    const page = await browser.newPage();
    await page.goto(url);
    await expect.poll(() => page.getByTestId("server-version").textContent(), { timeout: 15_000 }).toBe("v1.34.4");
    await page.close();
  }, 240_000);
});
