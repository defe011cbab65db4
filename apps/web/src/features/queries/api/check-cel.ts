import type { CelCheckResult } from "@loupe/protocol";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

/** `filter`: a query's expression (true or false); `value`: a column's (any value). */
export type CelRole = "filter" | "value";

export const checkCelUrl = (expression: string, as: CelRole) =>
  `/api/v1/cel/check?${new URLSearchParams({ expression, as })}`;

/** Compiles a CEL expression on the server: where it is wrong (line, column), or its type. */
export function checkCel(expression: string, as: CelRole): Promise<CelCheckResult> {
  return api<CelCheckResult>(checkCelUrl(expression, as));
}

/** {@link checkCel} for what the user typed, cached per expression; nothing for an empty one. */
export function useCelCheck(expression: string, as: CelRole) {
  return useQuery({
    queryKey: ["cel-check", as, expression],
    queryFn: () => checkCel(expression, as),
    enabled: expression.trim() !== "",
    staleTime: Number.POSITIVE_INFINITY,
  });
}
