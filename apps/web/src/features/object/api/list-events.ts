import type { KubeObject } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";
import { apiUrl } from "../../../lib/resource-path.ts";

/** A core/v1 Event, with the fields the object page shows. */
export interface KubeEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  series?: { count?: number; lastObservedTime?: string };
}

/**
 * The Events about one object, found by `involvedObject.uid` (names are reused; uids are not): in the object's
 * namespace, or across all namespaces for a cluster-scoped object. Newest first.
 */
export const listEvents = async (context: string, uid: string, namespace: string | undefined) => {
  const list = await api<{ items: KubeEvent[] }>(
    apiUrl(
      context,
      { group: "", version: "v1", resource: "events", namespace },
      { as: "object", fieldSelector: `involvedObject.uid=${uid}` },
    ),
  );
  return [...list.items].sort((a, b) => lastSeen(b).localeCompare(lastSeen(a)));
};

/** The most recent time an event was observed, as an ISO string ("" when unknown). */
export function lastSeen(event: KubeEvent): string {
  return (
    event.series?.lastObservedTime ??
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata.creationTimestamp ??
    ""
  );
}

export const eventsQueryOptions = (context: string, uid: string, namespace: string | undefined) =>
  queryOptions({
    queryKey: ["contexts", context, "events-for", uid],
    queryFn: () => listEvents(context, uid, namespace),
  });

export const useEvents = (
  context: string,
  uid: string | undefined,
  namespace: string | undefined,
  options: { refetchInterval?: number } = {},
) => useQuery({ ...eventsQueryOptions(context, uid ?? "", namespace), enabled: uid !== undefined, ...options });
