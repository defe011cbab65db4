import type { CatalogResource } from "@loupe/protocol";

/** The built-in kinds recorded by default (every custom resource is, too): `group/Kind`, "" the core group. */
export const DEFAULT_BUILTIN_KINDS: readonly string[] = [
  "apps/Deployment",
  "apps/StatefulSet",
  "apps/DaemonSet",
  "/Service",
  "/ConfigMap",
  "networking.k8s.io/Ingress",
  "rbac.authorization.k8s.io/*",
];

const MAX_PATTERNS = 64;
const PATTERN = /^(!?)([a-z0-9.*-]*)\/([A-Za-z0-9*]+)$/;

interface Pattern {
  exclude: boolean;
  group: RegExp;
  kind: RegExp;
}

/**
 * Which resources the recorder records, from `--history-kinds`: comma-separated `group/Kind` patterns (`*` any
 * run of characters; the core group is empty or `core`: `/ConfigMap`, `core/Secret`; Kind also matches the plural
 * resource name, case-insensitively), `default` for every custom resource plus {@link DEFAULT_BUILTIN_KINDS}, and
 * `!group/Kind` to leave out what the others include. Absent: `default`.
 */
export class KindMatcher {
  readonly #patterns: Pattern[];
  readonly #defaults: boolean;
  readonly #builtins: Pattern[];

  /** Throws an Error naming the first bad pattern. */
  constructor(spec = "default") {
    const tokens = spec
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean);
    if (tokens.length === 0) throw new Error("--history-kinds: no pattern (give group/Kind patterns or default)");
    if (tokens.length > MAX_PATTERNS) throw new Error(`--history-kinds: at most ${MAX_PATTERNS} patterns`);
    this.#defaults = tokens.includes("default");
    this.#patterns = tokens.filter((t) => t !== "default").map(parse);
    this.#builtins = DEFAULT_BUILTIN_KINDS.map(parse);
  }

  /** Whether `resource` (one catalog entry) is recorded. */
  matches(resource: CatalogResource): boolean {
    const hit = (p: Pattern) =>
      p.group.test(resource.group) && (p.kind.test(resource.kind) || p.kind.test(resource.resource));
    if (this.#patterns.some((p) => p.exclude && hit(p))) return false;
    if (this.#defaults && (resource.custom || this.#builtins.some(hit))) return true;
    return this.#patterns.some((p) => !p.exclude && hit(p));
  }
}

function parse(token: string): Pattern {
  const match = PATTERN.exec(token);
  if (!match) {
    throw new Error(
      `--history-kinds: "${token}" is not a group/Kind pattern (e.g. apps/Deployment, /ConfigMap, *.example.com/*)`,
    );
  }
  const [, bang, group = "", kind = ""] = match;
  return { exclude: bang === "!", group: glob(group === "core" ? "" : group, false), kind: glob(kind, true) };
}

function glob(text: string, ignoreCase: boolean): RegExp {
  const body = text
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, ignoreCase ? "i" : "");
}

/** `30d`, `12h`, `90m`, `3600s` → milliseconds. Throws naming the flag. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/.exec(text.trim());
  if (!match) throw new Error(`${flag}: "${text}" is not a duration (e.g. 30d, 12h, 90m)`);
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as "s"];
  const ms = Number(match[1]) * unit;
  if (ms < 60_000) throw new Error(`${flag}: "${text}" is shorter than a minute`);
  return ms;
}

/** `2GB`, `500MB`, `1.5GiB`, `1048576` → bytes. Throws naming the flag. */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?$/i.exec(text.trim());
  if (!match) throw new Error(`${flag}: "${text}" is not a size (e.g. 2GB, 500MB)`);
  const units: Record<string, number> = {
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    tb: 1e12,
    kib: 2 ** 10,
    mib: 2 ** 20,
    gib: 2 ** 30,
    tib: 2 ** 40,
  };
  const bytes = Math.floor(Number(match[1]) * (units[(match[2] ?? "b").toLowerCase()] ?? 1));
  if (bytes < 1_000_000) throw new Error(`${flag}: "${text}" is less than 1MB`);
  return bytes;
}
