import type { CatalogResource } from "@loupe/protocol";
import { ApiError } from "../errors.ts";

/**
 * Whether a kind pattern of a CEL query names `kind`. A pattern is a kind (`Deployment`, case-insensitive), a
 * resource (`deployments`) or resource.group (`deployments.apps`), a group (`apps`; `core` for the core group),
 * or any of these with `*` wildcards (`*.upbound.io` matches every group under upbound.io and every resource of
 * them; `*` matches everything).
 */
export function kindPatternMatcher(patterns: readonly string[]): (kind: CatalogResource) => boolean {
  const tests = patterns.map(compile);
  return (kind) => {
    const group = kind.group === "" ? "core" : kind.group;
    const names = [kind.kind, kind.resource, `${kind.resource}.${group}`, group, ...kind.shortNames];
    return tests.some((test) => names.some((name) => test(name.toLowerCase())));
  };
}

function compile(pattern: string): (name: string) => boolean {
  const p = pattern.trim().toLowerCase();
  if (!/^[a-z0-9*][-a-z0-9.*]*$/.test(p)) {
    throw new ApiError(
      400,
      "LOUPE_BAD_KIND_PATTERN",
      `"${pattern.slice(0, 100)}" is not a kind pattern: use a kind, resource, resource.group, group or a pattern with * such as *.example.com`,
      { reason: "BadRequest" },
    );
  }
  if (!p.includes("*")) return (name) => name === p;
  const source = p
    .split("*")
    .map((s) => s.replace(/[.]/g, "\\."))
    .join(".*");
  const re = new RegExp(`^${source}$`);
  return (name) => re.test(name);
}
