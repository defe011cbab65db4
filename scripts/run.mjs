#!/usr/bin/env node
// The newcomer's entry point: `npm start` and `npm test` land here, on whatever Node the machine has (20 is
// enough). This file needs nothing but Node itself. It installs the project with a pinned pnpm fetched from the
// npm registry (only when the lockfile or a package.json changed since the last install), then hands over to
// scripts/<command>.ts running on the Node 24 binary that the `node` devDependency ships.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PNPM = "pnpm@12.21.0";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const commands = { start: "scripts/start.ts", test: "scripts/test.ts", bench: "scripts/bench.ts" };

const [command, ...args] = process.argv.slice(2);
if (!command || !(command in commands)) {
  console.error(`usage: node scripts/run.mjs <${Object.keys(commands).join("|")}> [args...]`);
  process.exit(2);
}

ensureInstalled();

const bin = join(root, "node_modules", ".bin");
const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` };
// The server's young generation stays small (see docs/operations.md, "Memory"): `start` runs the server in-process.
const nodeArgs = command === "start" ? ["--max-semi-space-size=16"] : [];
const child = spawn(join(bin, "node"), [...nodeArgs, join(root, commands[command]), ...args], {
  stdio: "inherit",
  env,
  cwd: root,
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});

/** Runs `pnpm install` when the manifests differ from what the last successful install saw. */
function ensureInstalled() {
  const stampFile = join(root, "node_modules", ".loupe-install-stamp");
  const stamp = manifestHash();
  if (existsSync(join(root, "node_modules", ".bin", "node")) && readIfExists(stampFile) === stamp) {
    return;
  }
  console.error(`loupe: installing dependencies with ${PNPM} ...`);
  const result = spawnSync("npx", ["--yes", PNPM, "install", "--frozen-lockfile"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  if (result.status !== 0) {
    console.error("loupe: dependency install failed (see above)");
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, stamp);
}

function manifestHash() {
  const hash = createHash("sha256");
  const files = ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"];
  for (const dir of ["apps", "packages"]) {
    for (const name of readdirSync(join(root, dir))) files.push(join(dir, name, "package.json"));
  }
  files.push(join("e2e", "package.json"));
  for (const file of files) {
    hash
      .update(file)
      .update("\0")
      .update(readIfExists(join(root, file)) ?? "")
      .update("\0");
  }
  return hash.digest("hex");
}

function readIfExists(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
