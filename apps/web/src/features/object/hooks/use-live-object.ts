import type { KubeObject } from "@loupe/protocol";
import { useRef } from "react";
import type { ConnectionStatus } from "../../../components/ui/connection-indicator.tsx";
import { ApiError } from "../../../lib/api.ts";
import type { ResourceTarget } from "../../../lib/resource-path.ts";
import { useWatch } from "../../../lib/watch.ts";
import { useObject } from "../api/get-object.ts";

export interface LiveObject {
  /** The latest version known (after a deletion: the last one seen). */
  object: KubeObject | undefined;
  /** The object existed while the page was open and is gone now. */
  deleted: boolean;
  pending: boolean;
  /** Why the object cannot be shown (403, 404...), from the REST read. */
  error: Error | null;
  status: ConnectionStatus;
  retry: () => void;
}

/**
 * One object, kept current: a REST GET answers first (and says precisely why when it cannot: 403, 404), then a
 * watch on `metadata.name=<name>` (lib/watch.ts, object mode) carries every later version and the deletion.
 * When the watch itself is refused, the GET is repeated every 5 s instead, and the indicator says so.
 */
export function useLiveObject(context: string, target: ResourceTarget & { name: string }): LiveObject {
  const watch = useWatch({
    context,
    group: target.group,
    version: target.version,
    resource: target.resource,
    namespace: target.namespace,
    fieldSelector: `metadata.name=${target.name}`,
  });
  const watchFailed = watch.status.state === "error";
  const rest = useObject(context, target, { refetchInterval: watchFailed ? 5_000 : undefined });
  const snapshot = watch.data?.mode === "objects" ? watch.data : undefined;
  const watched = snapshot?.items.find((item) => item.metadata.name === target.name);

  const last = useRef<KubeObject | undefined>(undefined);
  const current = watched ?? (snapshot && !watchFailed ? undefined : rest.data);
  if (current) last.current = current;
  const restGone = rest.error instanceof ApiError && rest.error.status === 404;
  const deleted =
    last.current !== undefined && ((snapshot !== undefined && !watchFailed && !watched) || (watchFailed && restGone));

  let status: ConnectionStatus;
  if (deleted) status = { state: "error", message: "the object was deleted" };
  else if (watchFailed)
    status = { state: "error", message: `${watch.status.message ?? "watch refused"}; re-read every 5 s` };
  else if (watch.status.state === "reconnecting") status = { state: "reconnecting", message: watch.status.message };
  else if (watch.status.state === "live" && snapshot) status = { state: "live" };
  else if (rest.isError && !last.current) status = { state: "error", message: rest.error.message };
  else status = { state: rest.isPending ? "loading" : "syncing" };

  return {
    object: current ?? last.current,
    deleted,
    pending: rest.isPending && !current,
    error: last.current ? null : rest.error,
    status,
    retry: () => void rest.refetch(),
  };
}
