import { describe, expect, it } from "vitest";
import { KindSchema } from "../index.ts";

describe("KindSchema", () => {
  const leaf = { path: "spec.cronSpec", name: "cronSpec", type: "<string>", required: true, pattern: "^x$" };
  const body = {
    group: "stable.example.com",
    version: "v1",
    kind: "CronTab",
    jsonSchema: { $schema: "http://json-schema.org/draft-07/schema#", type: "object" },
    fields: [{ path: "spec", name: "spec", type: "<Object>", required: false, children: [leaf] }],
  };

  it("accepts a field tree of any depth, with rules and truncation marks", () => {
    expect(KindSchema.parse(body)).toEqual(body);
    const rule = { rule: "self.a > 0", message: "a must be positive" };
    const deep = {
      ...body,
      fields: [{ ...body.fields[0], validations: [rule], children: [{ ...leaf, truncated: "cycle" }] }],
    };
    expect(KindSchema.parse(deep)).toEqual(deep);
  });

  it("names the bad field of a malformed tree", () => {
    const bad = { ...body, fields: [{ ...body.fields[0], children: [{ ...leaf, required: "yes" }] }] };
    const result = KindSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["fields.0.children.0.required"]);
    expect(KindSchema.safeParse({ ...body, fields: [{ ...leaf, truncated: "tired" }] }).success).toBe(false);
  });
});
