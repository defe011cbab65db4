import { ApiError } from "../errors.ts";

/** One requirement of a label selector. */
type Requirement =
  | { key: string; op: "exists" | "!exists" }
  | { key: string; op: "in" | "notin"; values: ReadonlySet<string> }
  | { key: string; op: "gt" | "lt"; value: number };

/** A parsed label selector: matches a label map as Kubernetes does. */
export interface LabelSelector {
  readonly empty: boolean;
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
}

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/**
 * Parses a Kubernetes label selector (the `labelSelector` query parameter's grammar: `a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, comma-separated, all of which must hold) so cross-kind
 * queries can apply it to cached objects. A malformed selector is a 400 naming the part that is wrong.
 */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const clause = part.trim();
    if (clause === "") {
      if (text.trim() === "") continue;
      throw invalid(text, "an empty requirement (two commas, or a trailing comma)");
    }
    requirements.push(parseRequirement(clause, text));
  }
  return {
    empty: requirements.length === 0,
    matches: (labels) => requirements.every((r) => holds(r, labels ?? {})),
  };
}

function parseRequirement(clause: string, text: string): Requirement {
  let m = /^!\s*(\S+)$/.exec(clause);
  if (m) return { key: key(m[1] ?? "", text), op: "!exists" };
  m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(clause);
  if (m) {
    const values = (m[3] ?? "").split(",").map((v) => value(v.trim(), text));
    return { key: key(m[1] ?? "", text), op: m[2] as "in" | "notin", values: new Set(values) };
  }
  m = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(clause);
  if (m) {
    const k = key(m[1] ?? "", text);
    const op = m[2];
    const raw = (m[3] ?? "").trim();
    if (op === ">" || op === "<") {
      const n = Number(raw);
      if (!/^-?\d+$/.test(raw) || !Number.isFinite(n)) throw invalid(text, `"${raw}" after ${op} is not an integer`);
      return { key: k, op: op === ">" ? "gt" : "lt", value: n };
    }
    return { key: k, op: op === "!=" ? "notin" : "in", values: new Set([value(raw, text)]) };
  }
  if (/^\S+$/.test(clause)) return { key: key(clause, text), op: "exists" };
  throw invalid(text, `cannot read "${clause}"`);
}

function holds(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const v = has ? labels[r.key] : undefined;
  switch (r.op) {
    case "exists":
      return has;
    case "!exists":
      return !has;
    case "in":
      return v !== undefined && r.values.has(v);
    case "notin":
      return v === undefined || !r.values.has(v);
    case "gt":
    case "lt": {
      if (v === undefined || !/^-?\d+$/.test(v)) return false;
      return r.op === "gt" ? Number(v) > r.value : Number(v) < r.value;
    }
  }
}

/** Splits on commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function key(k: string, text: string): string {
  if (k.length > 316 || !KEY.test(k)) throw invalid(text, `"${k}" is not a label key`);
  return k;
}

function value(v: string, text: string): string {
  if (v.length > 63 || !VALUE.test(v)) throw invalid(text, `"${v}" is not a label value`);
  return v;
}

function invalid(text: string, why: string): ApiError {
  return new ApiError(400, "LOUPE_BAD_LABEL_SELECTOR", `Label selector "${text.slice(0, 200)}": ${why}`, {
    reason: "BadRequest",
  });
}
