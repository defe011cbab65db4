import type { Health, HealthVerdict } from "@loupe/protocol";

/** What a rule is asked about: the object as the API server returned it, and its kind. */
export interface HealthInput {
  /** The whole object (metadata and status at least), unstructured. */
  object: unknown;
  /** The object's API group (`""` for the core group) and kind. */
  kind: KindRef;
  /** The time "now" for rules with a grace period, in ms since the epoch. */
  now: number;
}

/** A kind, as rules are looked up by it. */
export interface KindRef {
  group: string;
  kind: string;
}

/** A rule decides (a {@link Health}) or passes (undefined) to the next one. */
export type Rule = (input: HealthInput) => Health | undefined;

export function verdict(verdict: HealthVerdict, rule: string, reason: string, message: string): Health {
  return { verdict, reason, message, rule };
}

export const current = (rule: string, reason: string, message: string): Health =>
  verdict("Current", rule, reason, message);
export const inProgress = (rule: string, reason: string, message: string): Health =>
  verdict("InProgress", rule, reason, message);
export const failed = (rule: string, reason: string, message: string): Health =>
  verdict("Failed", rule, reason, message);
export const unknown = (rule: string, reason: string, message: string): Health =>
  verdict("Unknown", rule, reason, message);
