import type { CatalogResource } from "@loupe/protocol";
import { ApiError } from "../errors.ts";

/** Subresources Loupe serves; anything else (exec, proxy, log …) is refused, never proxied blindly. */
export const SUBRESOURCES = ["status", "scale"] as const;
export type Subresource = (typeof SUBRESOURCES)[number];

/** A Kubernetes resource path, split: `apis/<group>/<version>/[namespaces/<ns>/]<resource>[/<name>[/<sub>]]`. */
export interface ResourcePath {
  /** "" for the core group (`api/v1/...`). */
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: Subresource;
}

/** Looks up a resource of a group-version in the catalog. */
export type ResourceLookup = (group: string, version: string, resource: string) => Promise<CatalogResource | undefined>;

// Names, namespaces and resources in Kubernetes are DNS-ish; refuse anything that could change the URL's meaning.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/**
 * Splits and checks a Kubernetes path against the catalog: the resource must be served by the API server, a
 * `namespaces/<ns>/` prefix only goes with a namespaced resource, and the only subresources are status and scale.
 * Throws a 404 ApiError for anything else. `namespaces/<x>/<y>` is read as a namespaced resource `<y>` when the
 * group-version serves one by that name, else as the `namespaces` resource itself (`api/v1/namespaces/x/status`).
 */
export async function resolveResourcePath(
  raw: string,
  lookup: ResourceLookup,
): Promise<{ path: ResourcePath; entry: CatalogResource }> {
  const segments = raw.split("/");
  if (segments.some((s) => !SEGMENT.test(s))) throw notResource(raw, "is not a Kubernetes resource path");
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === "api") {
    group = "";
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === "apis") {
    group = segments[1] ?? "";
    version = segments[2];
    rest = segments.slice(3);
  } else {
    throw notResource(raw, "must start with api/v1/ or apis/<group>/<version>/");
  }
  if (!version || rest.length === 0) throw notResource(raw, "names no resource");

  const gv = group ? `${group}/${version}` : version;
  if (rest[0] === "namespaces" && rest.length >= 3 && rest[1] && rest[2]) {
    const entry = await lookup(group, version, rest[2]);
    if (entry?.namespaced) {
      if (rest.length > 5) throw notResource(raw, "is too long");
      return { path: build(raw, entry, rest.slice(2), rest[1]), entry };
    }
    // Not a namespaced resource: the path may still be the `namespaces` resource itself (core/v1).
    if (!(await lookup(group, version, "namespaces"))) {
      if (entry) throw notResource(raw, `names a namespace, but "${rest[2]}" in ${gv} is cluster-scoped`);
      throw unknownResource(group, gv, rest[2]);
    }
  }
  const resource = rest[0] ?? "";
  const entry = await lookup(group, version, resource);
  if (!entry) throw unknownResource(group, gv, resource);
  if (rest.length > 3) throw notResource(raw, "is too long");
  return { path: build(raw, entry, rest, undefined), entry };
}

function unknownResource(group: string, gv: string, resource: string): ApiError {
  return new ApiError(404, "LOUPE_UNKNOWN_RESOURCE", `The API server serves no resource "${resource}" in ${gv}`, {
    reason: "NotFound",
    details: { group, kind: resource },
  });
}

function build(raw: string, entry: CatalogResource, rest: string[], namespace: string | undefined): ResourcePath {
  const [resource = "", name, subresource] = rest;
  if (subresource !== undefined) {
    if (!(SUBRESOURCES as readonly string[]).includes(subresource) || !entry.subresources.includes(subresource)) {
      throw notResource(raw, `has no subresource "${subresource}" Loupe serves`);
    }
  }
  return {
    group: entry.group,
    version: entry.version,
    resource,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource: subresource as Subresource }),
  };
}

/** The path on the API server: `/api/v1/...` or `/apis/<group>/<version>/...`, each segment escaped. */
export function upstreamPath(path: ResourcePath): string {
  const parts = [path.group === "" ? "api" : "apis"];
  if (path.group !== "") parts.push(path.group);
  parts.push(path.version);
  if (path.namespace !== undefined) parts.push("namespaces", path.namespace);
  parts.push(path.resource);
  if (path.name !== undefined) parts.push(path.name);
  if (path.subresource !== undefined) parts.push(path.subresource);
  return `/${parts.map(encodeURIComponent).join("/")}`;
}

function notResource(raw: string, why: string): ApiError {
  return new ApiError(404, "LOUPE_NOT_A_RESOURCE_PATH", `"${raw}" ${why}`, { reason: "NotFound" });
}
