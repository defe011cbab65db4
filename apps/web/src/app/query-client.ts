import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../lib/api.ts";

/** The app's one query client. Queries retry network and 5xx failures, never 4xx (they will not change by retrying). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        refetchOnWindowFocus: false,
      },
    },
  });
}
