import type { Health } from "@loupe/protocol";
import type { ResourceTarget } from "../../../lib/resource-path.ts";
import { useWatch } from "../../../lib/watch.ts";

/**
 * The server's live health verdict of one object (DESIGN §12: the same verdict as its table row and the Problems
 * view), from a one-row Table watch on `metadata.name`. Undefined until the row arrives, for a deleted object, or
 * when `enabled` is false (kinds without a verdict).
 */
export function useObjectHealth(
  context: string,
  target: ResourceTarget & { name: string },
  enabled: boolean,
): Health | undefined {
  const watch = useWatch(
    enabled
      ? {
          context,
          group: target.group,
          version: target.version,
          resource: target.resource,
          namespace: target.namespace,
          fieldSelector: `metadata.name=${target.name}`,
          table: true,
        }
      : null,
  );
  if (watch.data?.mode !== "table") return undefined;
  return watch.data.rows.find((row) => row.object.metadata.name === target.name)?.health;
}
