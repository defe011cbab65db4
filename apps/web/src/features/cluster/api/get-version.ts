import type { ServerVersion } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

export const getVersion = (context: string) =>
  api<ServerVersion>(`/api/v1/contexts/${encodeURIComponent(context)}/version`);

export const versionQueryOptions = (context: string) =>
  queryOptions({ queryKey: ["contexts", context, "version"], queryFn: () => getVersion(context) });

export const useVersion = (context: string | null) =>
  useQuery({ ...versionQueryOptions(context ?? ""), enabled: context !== null });
