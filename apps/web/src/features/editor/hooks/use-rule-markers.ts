import type { CelNode } from "@loupe/protocol";
import { useEffect, useState } from "react";
import { type RuleMarkers, ruleMarkers } from "../cel/rule-markers.ts";

const EMPTY: RuleMarkers = { rules: 0, markers: [], unchecked: [], evaluated: 0 };

/** Typing pauses this long before the rules run again (a burst of keystrokes costs one evaluation). */
export const RULES_DEBOUNCE_MS = 25;

/**
 * The kind's CEL rules checked against the editor's text as the user types (debounced), with `old` — the object
 * as it was loaded — for transition rules. Nothing to check without rules.
 */
export function useRuleMarkers(text: string, schema: CelNode | undefined, old: unknown, enabled = true): RuleMarkers {
  const [result, setResult] = useState<RuleMarkers>(EMPTY);
  useEffect(() => {
    if (!schema || !enabled) {
      setResult(EMPTY);
      return;
    }
    const timer = setTimeout(() => setResult(ruleMarkers(text, schema, old)), RULES_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, schema, old, enabled]);
  return result;
}
