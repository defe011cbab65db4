import type { ApiErrorBody, StatusCause } from "@loupe/protocol";
import { maskedPaths } from "../../../lib/secret-mask.ts";

/**
 * What a failed write means for the editor, read from the server's uniform error body (the API server's Status,
 * passed through). Pure: the components decide how to show each kind.
 *   - `stale`: a replace carried an old resourceVersion (409 Conflict): offer rebase or discard.
 *   - `managers`: a server-side apply touched fields other managers own (409 with FieldManagerConflict causes):
 *     name the managers, offer force as a second step.
 *   - `invalid`: the object was refused (422 Invalid, 400 BadRequest): causes with field paths become markers.
 *   - `syntax`: the text is not one YAML object (found before sending anything).
 *   - `masked`: the text holds masked Secret values (lib/secret-mask.ts): a mask is never sent as a value.
 *   - `forbidden`, `not-found`, `exists`, `network`, `other`: said as they are.
 */
export type FailureKind =
  | "syntax"
  | "masked"
  | "stale"
  | "managers"
  | "invalid"
  | "forbidden"
  | "not-found"
  | "exists"
  | "network"
  | "other";

/** A field another manager owns, from one FieldManagerConflict cause. */
export interface ManagerConflict {
  /** The field manager, e.g. `kubectl-client-side-apply`, `helm`, `test-operator`. */
  manager: string;
  /** The field, as the API server spells it (`.spec.replicas`). */
  field: string;
  /** The API version the manager wrote it with, when the server says (`using apps/v1`). */
  apiVersion?: string;
  message: string;
}

export interface Failure {
  kind: FailureKind;
  status: number;
  message: string;
  /** Causes with a field path (for markers), in the server's order. */
  fieldCauses: Array<StatusCause & { field: string }>;
  /** Causes without one. */
  otherCauses: StatusCause[];
  managers: ManagerConflict[];
}

/** Reads `conflict with "helm" using apps/v1: .spec.replicas` and the like. */
export function parseManagerConflict(cause: StatusCause): ManagerConflict | undefined {
  if (cause.reason !== "FieldManagerConflict") return undefined;
  const message = cause.message ?? "";
  const match = /conflict with "((?:[^"\\]|\\.)*)"(?: using ([^\s:]+))?/.exec(message);
  const field = cause.field ?? message.slice(message.lastIndexOf(": ") + 2);
  const manager = match?.[1] ?? "another field manager";
  return { manager, field, message, ...(match?.[2] ? { apiVersion: match[2] } : {}) };
}

/** Classifies an error body; `status` 0 is a network failure (lib/api.ts). */
export function classifyFailure(body: ApiErrorBody): Failure {
  const causes = body.details?.causes ?? [];
  const managers = causes.map(parseManagerConflict).filter((m): m is ManagerConflict => m !== undefined);
  const fieldCauses = causes.filter(
    (c): c is StatusCause & { field: string } =>
      typeof c.field === "string" && c.field !== "" && c.reason !== "FieldManagerConflict",
  );
  const otherCauses = causes.filter((c) => !c.field && c.reason !== "FieldManagerConflict");
  const base = { status: body.statusCode, message: body.message, fieldCauses, otherCauses, managers };
  const status = body.statusCode;
  if (status === 0) return { ...base, kind: "network" };
  if (status === 409 && managers.length > 0) return { ...base, kind: "managers" };
  if (status === 409 && body.reason === "AlreadyExists") return { ...base, kind: "exists" };
  if (status === 409) return { ...base, kind: "stale" };
  if (status === 422 || (status === 400 && fieldCauses.length > 0)) return { ...base, kind: "invalid" };
  if (status === 403) return { ...base, kind: "forbidden" };
  if (status === 404) return { ...base, kind: "not-found" };
  return { ...base, kind: "other" };
}

/** Managers named in the conflicts, each once, in order of appearance. */
export function managerNames(managers: readonly ManagerConflict[]): string[] {
  return [...new Set(managers.map((m) => m.manager))];
}

/** The failure of a save that never left the browser: the text does not parse. */
export function syntaxFailure(message: string, line: number): Failure {
  return {
    kind: "syntax",
    status: 0,
    message: `Line ${line}: ${message}`,
    fieldCauses: [],
    otherCauses: [],
    managers: [],
  };
}

/**
 * The failure of a text whose object holds masked Secret values (found before sending anything), or null. Saving it
 * would replace the values by the mask text: the user must reveal the Secret and edit the real values.
 */
export function maskedFailure(object: unknown): Failure | null {
  const paths = maskedPaths(object);
  if (paths.length === 0) return null;
  const more = paths.length > 5 ? ` and ${paths.length - 5} more` : "";
  return {
    kind: "masked",
    status: 0,
    message: `Masked values at ${paths.slice(0, 5).join(", ")}${more}: reveal the Secret to edit its values.`,
    fieldCauses: [],
    otherCauses: [],
    managers: [],
  };
}
