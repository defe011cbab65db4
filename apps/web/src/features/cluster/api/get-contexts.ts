import type { ContextList } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

export const getContexts = () => api<ContextList>("/api/v1/contexts");

export const contextsQueryOptions = () => queryOptions({ queryKey: ["contexts"], queryFn: getContexts });

export const useContexts = () => useQuery(contextsQueryOptions());
