import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");
const MAIN = join(ROOT, "apps", "server", "src", "main.ts");

export interface LoupeProcessOptions {
  kubeconfigPath: string;
  /** Extra flags for node itself (e.g. `--cpu-prof`), before the script. */
  nodeArgs?: string[];
  /** Extra flags for Loupe (e.g. `--history-dir <dir>`), after the ones the harness sets. */
  args?: string[];
  /** Progress lines. */
  log?: (line: string) => void;
  /** The server's entry point (default: this checkout's apps/server/src/main.ts), e.g. another checkout's for before/after. */
  main?: string;
}

/** A Loupe server as its own process, as users run it, so its memory is measured apart from the benchmark's. */
export interface LoupeProcess {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  url: string;
  pid: number;
  /** Resident set size now, in bytes (VmRSS of /proc/<pid>/status). */
  rss(): Promise<number>;
  /** `/metrics` as name → value. */
  metrics(): Promise<Map<string, number>>;
  /** SIGTERM, then SIGKILL after 15 s; resolves when the process has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `node apps/server/src/main.ts --kubeconfig <path> --port 0` (on the Node that runs the benchmark) and
 * resolves once it prints "Loupe is ready at <url>". The SPA must have been built.
 */
export async function startLoupeProcess(options: LoupeProcessOptions): Promise<LoupeProcess> {
  const child = spawn(
    process.execPath,
    [
      // As the image and `npm start` run the server (docs/operations.md, "Memory").
      "--max-semi-space-size=16",
      ...(options.nodeArgs ?? []),
      options.main ?? MAIN,
      "--kubeconfig",
      options.kubeconfigPath,
      "--port",
      "0",
      "--log-level",
      "error",
      ...(options.args ?? []),
    ],
    { cwd: options.main ? join(options.main, "..", "..", "..", "..") : ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let url: string;
  try {
    url = await readyUrl(child, exited);
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    process.off("exit", killOnExit);
    throw new Error(`loupe: the server did not start: ${(error as Error).message}\n${stderr}`);
  }
  const pid = child.pid as number;
  options.log?.(`bench: Loupe (pid ${pid}) is ready at ${url}`);
  let stopping: Promise<void> | undefined;
  return {
    url,
    pid,
    rss: () => readRss(pid),
    async metrics() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const values = new Map<string, number>();
      for (const line of text.split("\n")) {
        const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$/.exec(line);
        if (match) values.set(match[1] as string, Number(match[2]));
      }
      return values;
    },
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
          await exited;
          clearTimeout(timer);
        }
        process.off("exit", killOnExit);
      })();
      return stopping;
    },
  };
}

function readyUrl(child: ChildProcess, exited: Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("not ready after 60 s")), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-4000);
      const match = /Loupe is ready at (\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve((match[1] as string).replace(/\/$/, ""));
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`exited with ${child.exitCode ?? child.signalCode}`));
    });
  });
}

/** VmRSS of a process, in bytes (Linux). */
export async function readRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}
