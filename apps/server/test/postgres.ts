import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway PostgreSQL server on loopback, for tests. */
export interface TestPostgres {
  /** `postgres://loupe@127.0.0.1:<port>/<database>` of a fresh database. */
  url(database?: string): Promise<string>;
  stop(): void;
}

/** Where Debian's PostgreSQL binaries are: on PATH, else the newest /usr/lib/postgresql/<v>/bin. */
export function findPostgresBin(): string | undefined {
  const onPath = spawnSync("sh", ["-c", "command -v pg_ctl"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return join(onPath, "..");
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : undefined;
}

/**
 * Starts PostgreSQL from the machine's packages in a temporary folder on a free port (initdb refuses root: as root
 * the folder goes to the `postgres` user and the binaries run through runuser). Throws when PostgreSQL is missing.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin)");
  const dir = mkdtempSync(join(tmpdir(), "loupe-pg-"));
  const root = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = root ? "runuser" : join(bin, tool);
    const argv = root ? ["-u", "postgres", "--", join(bin, tool), ...args] : args;
    execFileSync(command, argv, { stdio: "pipe", cwd: dir });
  };
  if (root) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  run("initdb", ["-D", join(dir, "data"), "-A", "trust", "-U", "loupe", "--no-sync"]);
  run("pg_ctl", [
    "-D",
    join(dir, "data"),
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "-l",
    join(dir, "log"),
    "-w",
    "start",
  ]);
  let databases = 0;
  return {
    async url(database) {
      const name = database ?? `t${++databases}_${process.pid}`;
      const pg = (await import("pg")).default;
      const admin = new pg.Client({ connectionString: `postgres://loupe@127.0.0.1:${port}/postgres` });
      await admin.connect();
      try {
        const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
      } finally {
        await admin.end();
      }
      return `postgres://loupe@127.0.0.1:${port}/${name}`;
    },
    stop() {
      try {
        run("pg_ctl", ["-D", join(dir, "data"), "-m", "immediate", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const out = execFileSync("id", ["postgres"], { encoding: "utf8" });
  const uid = Number(/uid=(\d+)/.exec(out)?.[1]);
  const gid = Number(/gid=(\d+)/.exec(out)?.[1]);
  if (!Number.isInteger(uid)) throw new Error("no postgres user to run PostgreSQL as (initdb refuses root)");
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * PostgreSQL for a test file: started once, or, when it is not installed, undefined — except under CI (CI=true),
 * where a missing PostgreSQL is an error so the tests fail rather than skip.
 */
export async function postgresForTests(): Promise<TestPostgres | undefined> {
  if (!findPostgresBin()) {
    if (process.env.CI === "true") throw new Error("CI=true but PostgreSQL is not installed: .ci/run installs it");
    return undefined;
  }
  return startTestPostgres();
}
