import { type BodyRefusal, type Language, refuse } from "./limits.ts";

/**
 * Measures a parsed value against the limits without recursion (a value nested deeper than the stack allows is
 * exactly what this must survive): nodes are keys and values, depth counts nested maps and lists. Stops at the
 * first limit passed, so its cost is bounded by the limits, not by the value.
 */
export function measureValue(
  value: unknown,
  language: Language,
  limits: { maxDepth: number; maxNodes: number },
): BodyRefusal | undefined {
  const values: unknown[] = [value];
  const depths: number[] = [0];
  let nodes = 0;
  while (values.length > 0) {
    const current = values.pop();
    const depth = depths.pop() as number;
    if (++nodes > limits.maxNodes) return refuse.tooManyNodes(language, limits.maxNodes);
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > limits.maxDepth) return refuse.tooDeep(language, limits.maxDepth);
    if (Array.isArray(current)) {
      for (const item of current) {
        values.push(item);
        depths.push(depth + 1);
      }
    } else {
      for (const key of Object.keys(current)) {
        // The key is a node too.
        if (++nodes > limits.maxNodes) return refuse.tooManyNodes(language, limits.maxNodes);
        values.push((current as Record<string, unknown>)[key]);
        depths.push(depth + 1);
      }
    }
    // Everything waiting on the stack is a node still to count.
    if (nodes + values.length > limits.maxNodes) return refuse.tooManyNodes(language, limits.maxNodes);
  }
  return undefined;
}
