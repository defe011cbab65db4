import { describe, expect, it } from "vitest";
import { maskObject } from "../../../lib/secret-mask.ts";
import { failureMarkers } from "../utils/markers.ts";
import {
  classifyFailure,
  managerNames,
  maskedFailure,
  parseManagerConflict,
  syntaxFailure,
} from "../utils/save-errors.ts";

const body = (statusCode: number, reason: string | undefined, causes?: Array<Record<string, string>>) => ({
  statusCode,
  code: "K8S",
  error: "x",
  message: "m",
  ...(reason ? { reason } : {}),
  ...(causes ? { details: { causes } } : {}),
});

describe("classifyFailure", () => {
  it.each([
    [body(0, undefined), "network"],
    [body(409, "Conflict"), "stale"],
    [body(409, "AlreadyExists"), "exists"],
    [
      body(409, "Conflict", [
        { reason: "FieldManagerConflict", message: 'conflict with "helm": .spec.replicas', field: ".spec.replicas" },
      ]),
      "managers",
    ],
    [body(422, "Invalid", [{ reason: "FieldValueInvalid", field: "spec.replicas", message: "too big" }]), "invalid"],
    [body(400, "BadRequest", [{ field: "metadata.resourceVersion", reason: "FieldValueRequired" }]), "invalid"],
    [body(400, "BadRequest"), "other"],
    [body(403, "Forbidden"), "forbidden"],
    [body(404, "NotFound"), "not-found"],
    [body(500, "InternalError"), "other"],
  ] as const)("%j → %s", (b, kind) => {
    expect(classifyFailure(b).kind).toBe(kind);
  });

  it("separates field causes from others and from manager conflicts", () => {
    const failure = classifyFailure(
      body(422, "Invalid", [
        { reason: "FieldValueInvalid", field: "spec.replicas", message: "Invalid value: 11" },
        { reason: "FieldValueInvalid", message: "no field" },
      ]),
    );
    expect(failure.fieldCauses).toEqual([
      { reason: "FieldValueInvalid", field: "spec.replicas", message: "Invalid value: 11" },
    ]);
    expect(failure.otherCauses).toEqual([{ reason: "FieldValueInvalid", message: "no field" }]);
  });
});

describe("parseManagerConflict", () => {
  it("reads the manager, the field and the API version", () => {
    expect(
      parseManagerConflict({
        reason: "FieldManagerConflict",
        message: 'conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
        field: ".spec.replicas",
      }),
    ).toEqual({
      manager: "kubectl-client-side-apply",
      field: ".spec.replicas",
      apiVersion: "apps/v1",
      message: 'conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    });
    expect(parseManagerConflict({ reason: "FieldValueInvalid", field: "x" })).toBeUndefined();
    expect(parseManagerConflict({ reason: "FieldManagerConflict", message: "odd: .spec.x" })).toMatchObject({
      manager: "another field manager",
      field: ".spec.x",
    });
  });

  it("lists each manager once", () => {
    const failure = classifyFailure(
      body(409, "Conflict", [
        { reason: "FieldManagerConflict", message: 'conflict with "a": .spec.x', field: ".spec.x" },
        { reason: "FieldManagerConflict", message: 'conflict with "b": .spec.y', field: ".spec.y" },
        { reason: "FieldManagerConflict", message: 'conflict with "a": .spec.z', field: ".spec.z" },
      ]),
    );
    expect(managerNames(failure.managers)).toEqual(["a", "b"]);
  });
});

describe("failureMarkers", () => {
  const text = "spec:\n  replicas: 11\n  image: x\n";
  it("puts each field cause on its line, and manager conflicts as warnings", () => {
    const invalid = classifyFailure(
      body(422, "Invalid", [
        { field: "spec.replicas", message: "too big" },
        { field: "spec.missing", message: "required" },
      ]),
    );
    expect(failureMarkers(text, invalid)).toEqual([
      { line: 2, column: 3, endLine: 2, endColumn: 15, message: "too big", severity: "error" },
      {
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 6,
        message: "required (spec.missing is not in the text)",
        severity: "error",
      },
    ]);
    const managers = classifyFailure(
      body(409, "Conflict", [
        { reason: "FieldManagerConflict", message: 'conflict with "op": .spec.image', field: ".spec.image" },
      ]),
    );
    expect(failureMarkers(text, managers)).toEqual([
      {
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 11,
        message: '.spec.image is owned by field manager "op"',
        severity: "warning",
      },
    ]);
    expect(failureMarkers(text, syntaxFailure("bad", 2))).toEqual([]);
  });
});

describe("maskedFailure", () => {
  it("refuses an object holding masked Secret values, naming where; anything else passes", () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { a: "YQ==" } };
    const failure = maskedFailure(maskObject(secret));
    expect(failure?.kind).toBe("masked");
    expect(failure?.message).toContain("data.a");
    expect(maskedFailure(secret)).toBeNull();
  });
});
