import type { Path, Segment, Step, Template } from "./ast.ts";

/**
 * A step of a path as a schema sees it: a field name, `[]` for "an element of this list" (any index, slice, `*` on
 * a list, or filter), or `?` where the path stops being checkable (`..`, `*` on an object, unions).
 */
export type FieldStep = { kind: "field"; name: string } | { kind: "item" } | { kind: "any" };

/**
 * The object-rooted paths a template reads, as schema steps: one list per path, paths inside `{range}` prefixed
 * by the range's own path (kubectl evaluates them per element). Filter conditions are checked as paths under the
 * list's element. For checking a column against the kind's schema while it is typed.
 */
export function fieldPaths(template: Template): FieldStep[][] {
  const out: FieldStep[][] = [];
  collect(template.segments, [], out);
  return out;
}

function collect(segments: readonly Segment[], prefix: FieldStep[], out: FieldStep[][]): void {
  for (const segment of segments) {
    if (segment.kind === "text") continue;
    const steps = [...prefix, ...toFieldSteps(segment.path, prefix, out)];
    if (segment.kind === "path") out.push(steps);
    else {
      out.push(steps);
      // The range walks the elements of what its path selects.
      const last = segment.path.steps[segment.path.steps.length - 1];
      const element = last && isItemStep(last) ? steps : [...steps, { kind: "item" as const }];
      collect(segment.body, element, out);
    }
  }
}

function isItemStep(step: Step): boolean {
  return step.kind === "index" || step.kind === "slice" || step.kind === "wildcard" || step.kind === "filter";
}

function toFieldSteps(path: Path, prefix: FieldStep[], out: FieldStep[][]): FieldStep[] {
  const steps: FieldStep[] = [];
  for (const step of path.steps) {
    switch (step.kind) {
      case "field":
        steps.push({ kind: "field", name: step.name });
        break;
      case "index":
      case "slice":
      case "wildcard":
        steps.push({ kind: "item" });
        break;
      case "filter": {
        steps.push({ kind: "item" });
        const element = [...prefix, ...steps];
        for (const operand of [step.left, step.right]) {
          if (operand?.kind === "path" && operand.path.root === "@") {
            out.push([...element, ...toFieldSteps(operand.path, element, out)]);
          }
        }
        break;
      }
      case "union": {
        // One member (`['a.b']`) reads as its own steps; several: checked one by one would branch, so stop here.
        const only = step.members.length === 1 ? step.members[0] : undefined;
        if (only) steps.push(...toFieldSteps({ root: "@", steps: only }, [...prefix, ...steps], out));
        else if (step.members.every((m) => m.length === 1 && m[0]?.kind === "index")) steps.push({ kind: "item" });
        else {
          steps.push({ kind: "any" });
          return steps;
        }
        break;
      }
      case "descend":
        steps.push({ kind: "any" });
        return steps;
    }
  }
  return steps;
}
