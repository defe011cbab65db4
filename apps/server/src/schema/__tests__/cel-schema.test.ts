import { describe, expect, it } from "vitest";
import { celSchema } from "../cel-schema.ts";
import type { OpenApiDocument } from "../openapi-v3.ts";

const document: OpenApiDocument = {
  components: {
    schemas: {
      "dev.loupe.v1.Thing": {
        type: "object",
        properties: {
          metadata: { allOf: [{ $ref: "#/components/schemas/Meta" }] },
          spec: {
            type: "object",
            "x-kubernetes-validations": [{ rule: "self.a <= self.b", message: "a above b", fieldPath: ".a" }],
            properties: {
              a: { type: "integer", default: 1, description: "dropped" },
              b: { type: "integer" },
              when: { type: "string", format: "date-time" },
              tree: { $ref: "#/components/schemas/Tree" },
            },
          },
          unruled: { type: "object", properties: { x: { type: "string" } } },
          list: {
            type: "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
            items: {
              type: "object",
              properties: { name: { type: "string" }, size: { "x-kubernetes-int-or-string": true } },
              "x-kubernetes-validations": [{ rule: "self.name != ''", optionalOldSelf: true }],
            },
          },
        },
      },
      Meta: { type: "object", properties: { name: { type: "string" } } },
      Tree: { type: "object", properties: { child: { $ref: "#/components/schemas/Tree" } } },
      "dev.loupe.v1.Plain": { type: "object", properties: { spec: { type: "object" } } },
    },
  },
};

describe("celSchema", () => {
  it("keeps the nodes with rules, their ancestors and their whole subtrees, with types, defaults and list types", () => {
    const cel = celSchema(document, "dev.loupe.v1.Thing");
    expect(cel).toEqual({
      type: "object",
      properties: {
        spec: {
          type: "object",
          rules: [{ rule: "self.a <= self.b", message: "a above b", fieldPath: ".a" }],
          properties: {
            a: { type: "integer", default: 1 },
            b: { type: "integer" },
            when: { type: "string", format: "date-time" },
            // A type that contains itself is cut where it repeats.
            tree: { type: "object", properties: { child: { truncated: true } } },
          },
        },
        list: {
          type: "array",
          listType: "map",
          listMapKeys: ["name"],
          items: {
            type: "object",
            rules: [{ rule: "self.name != ''", optionalOldSelf: true }],
            properties: { name: { type: "string" }, size: { intOrString: true } },
          },
        },
      },
    });
  });

  it("is undefined for a kind without rules", () => {
    expect(celSchema(document, "dev.loupe.v1.Plain")).toBeUndefined();
    expect(celSchema(document, "Missing")).toBeUndefined();
  });
});
