import type { ConversionProbe } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

export const conversionProbeUrl = (context: string, name: string) =>
  `/api/v1/contexts/${encodeURIComponent(context)}/crds/${encodeURIComponent(name)}/conversion-probe`;

/** Whether the CRD's conversion webhook answers, asked by the server (never by the browser). Not retried. */
export const conversionProbeQueryOptions = (context: string, name: string) =>
  queryOptions({
    queryKey: ["contexts", context, "crd", name, "conversion-probe"],
    queryFn: ({ signal }) => api<ConversionProbe>(conversionProbeUrl(context, name), { signal }),
    staleTime: 10_000,
    retry: false,
  });

export const useConversionProbe = (context: string, name: string, enabled: boolean) =>
  useQuery({ ...conversionProbeQueryOptions(context, name), enabled });
