import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The workspace root: the nearest folder above this package that holds pnpm-workspace.yaml. */
export function workspaceRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("local-cluster: cannot find the workspace root (pnpm-workspace.yaml)");
    dir = parent;
  }
  return dir;
}

/**
 * Where Loupe keeps machine-local state (built binaries, the demo cluster's data): `$LOUPE_STATE_DIR`, else
 * `.state/` at the workspace root, which git ignores.
 */
export function stateDir(): string {
  return process.env.LOUPE_STATE_DIR ?? join(workspaceRoot(), ".state");
}

/** The Go wrapper module's folder. */
export function planeSourceDir(): string {
  return join(import.meta.dirname, "..", "plane");
}
