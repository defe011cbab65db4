// Builds the SPA (apps/web → apps/web/dist) unless dist was built from exactly the current sources.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { brotliCompressSync, gzipSync, constants as zlib } from "node:zlib";

const root = join(import.meta.dirname, "..");
const web = join(root, "apps", "web");
const inputs = [join(web, "src"), join(web, "index.html"), join(web, "vite.config.ts"), join(web, "package.json")];
// This file too: a change in how the build is made (e.g. precompression) rebuilds.
inputs.push(
  join(root, "packages", "protocol", "src"),
  join(root, "packages", "jsonpath", "src"),
  join(root, "pnpm-lock.yaml"),
  import.meta.filename,
);

async function files(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch(() => null);
  if (entries === null) return [path];
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Resolves once apps/web/dist matches the sources, building it if needed. */
export async function ensureWebBuilt(log: (line: string) => void = console.error): Promise<void> {
  const hash = createHash("sha256");
  for (const file of (await Promise.all(inputs.map(files))).flat().sort()) {
    hash.update(relative(root, file)).update(await readFile(file));
  }
  const digest = hash.digest("hex");
  const stamp = join(web, "dist", ".source-hash");
  if ((await readFile(stamp, "utf8").catch(() => "")) === digest) return;
  log("loupe: building the web app ...");
  // Vite takes the bundle's process.env.NODE_ENV from the environment when it is set: a build started under
  // vitest (NODE_ENV=test) would ship React's development build, several times slower.
  process.env.NODE_ENV = "production";
  const { build } = await import("vite");
  await build({ root: web, configFile: join(web, "vite.config.ts"), logLevel: "warn", mode: "production" });
  await precompress(join(web, "dist"));
  await writeFile(stamp, digest);
}

/** Writes `<file>.br` and `<file>.gz` beside every text file of at least 1 KiB, for the server to send as they are. */
async function precompress(dist: string): Promise<void> {
  for (const file of await files(dist)) {
    if (!/\.(js|mjs|css|html|svg|json|txt|ttf)$/.test(file)) continue;
    const data = await readFile(file);
    if (data.length < 1024) continue;
    await writeFile(`${file}.br`, brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
    await writeFile(`${file}.gz`, gzipSync(data, { level: 9 }));
  }
}

/**
 * {@link ensureWebBuilt} in a child process that exits when done, so that the build's memory (Vite holds about
 * 1 GB) is not kept by a long-lived caller such as the server of `npm start`.
 */
export function ensureWebBuiltInChild(): void {
  const build = spawnSync(process.execPath, [import.meta.filename], { stdio: "inherit" });
  if (build.status !== 0) throw new Error(`the web app's build failed (exit ${build.status ?? build.signal})`);
}

if (import.meta.main) await ensureWebBuilt();
