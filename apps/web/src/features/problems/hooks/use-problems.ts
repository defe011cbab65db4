import type { ProblemsQuery } from "@loupe/protocol";
import { useEffect, useReducer } from "react";
import { watchSocket } from "../../../lib/socket.ts";
import { EMPTY, type ProblemsState, reduceProblems } from "../utils/problems-state.ts";

type Reset = { type: "reset" };

function reducer(state: ProblemsState, action: Parameters<typeof reduceProblems>[1] | Reset): ProblemsState {
  return action.type === "reset" ? EMPTY : reduceProblems(state, action);
}

/**
 * The live Problems view of `context` for `query` (namespace, group, category, verdicts): one `query` (kind `problems`)
 * over the tab's watch socket, restarted when the query changes (its key), stopped on unmount.
 */
export function useProblems(context: string, query: Omit<ProblemsQuery, "kind">): ProblemsState {
  const [state, dispatch] = useReducer(reducer, EMPTY);
  const key = JSON.stringify([context, query]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query is compared by its key.
  useEffect(() => {
    dispatch({ type: "reset" });
    return watchSocket().subscribeQuery(context, { kind: "problems", ...query }, dispatch);
  }, [key]);
  return state;
}
