import type { CelNode } from "@loupe/protocol";
import { useEffect, useRef, useState } from "react";
import { type RuleMarkers, ruleMarkers } from "../cel/rule-markers.ts";

const EMPTY: RuleMarkers = { rules: 0, markers: [], unchecked: [], evaluated: 0 };

/**
 * How long typing pauses before the rules run again, from what the last check cost: a cheap check (the usual
 * object, a few ms) runs right after the keystroke's own work; a costly one (a huge object, thousands of
 * evaluations) waits for a pause in typing, so a burst of keystrokes costs one check.
 */
export function rulesDelay(lastCostMs: number): number {
  return lastCostMs < 8 ? 0 : Math.min(400, 25 + lastCostMs * 4);
}

/**
 * The kind's CEL rules checked against the editor's text as the user types (debounced by their cost), with `old`
 * — the object as it was loaded — for transition rules. Nothing to check without rules.
 */
export function useRuleMarkers(text: string, schema: CelNode | undefined, old: unknown, enabled = true): RuleMarkers {
  const [result, setResult] = useState<RuleMarkers>(EMPTY);
  const cost = useRef(0);
  useEffect(() => {
    if (!schema || !enabled) {
      setResult(EMPTY);
      return;
    }
    const timer = setTimeout(() => {
      const started = performance.now();
      const next = ruleMarkers(text, schema, old);
      cost.current = performance.now() - started;
      setResult(next);
    }, rulesDelay(cost.current));
    return () => clearTimeout(timer);
  }, [text, schema, old, enabled]);
  return result;
}
