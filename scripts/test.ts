// `npm test`: every check and every test, each doing its own set-up.
//   1. lint + format check (Biome) and type check (tsc) of every package;
//   2. Debian's chromium for the e2e tests (installed with apt-get when missing and we are root);
//   3. the web build, the local cluster (built once, cached) — ONE cluster for the whole run;
//   4. vitest: unit, integration and e2e projects; a closing "N passed, N failed, N skipped" line.
// Extra arguments go to vitest (e.g. `npm test -- --project unit`).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { startLocalCluster } from "../packages/local-cluster/src/index.ts";
import type { TestCluster } from "../packages/local-cluster/src/testing.ts";
import { ensureWebBuiltInChild } from "./ensure-web.ts";

const root = join(import.meta.dirname, "..");
const output = join(root, "test-output");
const args = process.argv.slice(2);
const started = Date.now();
const log = (line: string) => console.error(line);

function step(name: string, command: string, commandArgs: string[]) {
  log(`\n== ${name}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    log(`\n${name} failed`);
    process.exit(result.status ?? 1);
  }
}

step("lint and format (biome)", "biome", ["check", "."]);
for (const project of ["tsconfig.json", ...["apps", "packages"].flatMap(workspaceTsconfigs), "e2e/tsconfig.json"]) {
  step(`type check ${project} (tsc)`, "tsc", ["-p", project]);
}

ensureChromium();
await mkdir(output, { recursive: true });
ensureWebBuiltInChild();

log("\n== local cluster");
const cluster = await startLocalCluster({ log });
const shared: TestCluster = {
  kubeconfigPath: cluster.kubeconfigPath,
  server: cluster.server,
  caData: cluster.caData,
  tokens: cluster.tokens,
};

let code = 1;
try {
  log("\n== vitest");
  const report = join(output, "vitest.json");
  const child = spawn(
    "vitest",
    ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args],
    { cwd: root, stdio: "inherit", env: { ...process.env, LOUPE_TEST_CLUSTER: JSON.stringify(shared) } },
  );
  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  code = await new Promise<number>((resolve) => child.on("exit", (c, s) => resolve(c ?? (s ? 1 : 0))));
  const summary = existsSync(report)
    ? (JSON.parse(await readFile(report, "utf8")) as {
        numPassedTests: number;
        numFailedTests: number;
        numPendingTests: number;
        numTodoTests: number;
      })
    : undefined;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (summary) {
    const skipped = summary.numPendingTests + summary.numTodoTests;
    console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`);
    if (summary.numPassedTests === 0) code = code || 1;
  }
  log(`npm test: ${code === 0 ? "ok" : "FAILED"} in ${seconds} s`);
} finally {
  await cluster.stop();
}
process.exit(code);

function workspaceTsconfigs(dir: string): string[] {
  return readdirSync(join(root, dir))
    .map((name) => `${dir}/${name}/tsconfig.json`)
    .filter((path) => existsSync(join(root, path)));
}

/** The e2e tests drive Debian's chromium; install it when missing (CI runs as root), else say what to do. */
function ensureChromium() {
  if (existsSync("/usr/bin/chromium")) return;
  if (process.getuid?.() !== 0) {
    log("npm test needs Debian's chromium at /usr/bin/chromium: sudo apt-get install -y chromium");
    process.exit(1);
  }
  step("install chromium (apt-get)", "sh", [
    "-c",
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null",
  ]);
}
