import type { CatalogResource, SchemaField } from "@loupe/protocol";
import type { KindSchemas } from "../schema/kind-schemas.ts";
import type { RequiredField } from "./walk.ts";

/**
 * Whether the schema requires the field a reference sits in (`spec.secretName`, `spec.scaleTargetRef`,
 * `spec.rules[0].backendRefs[0]` → the `backendRefs` items' `name`): a reference there must resolve, so a missing
 * target is shown as missing rather than left out. Unknown kinds and fields are not required.
 */
export function requiredFields(schemas: KindSchemas): RequiredField {
  return async (resource: CatalogResource, field: string) => {
    let fields: readonly SchemaField[];
    try {
      fields = (await schemas.get({ group: resource.group, version: resource.version, kind: resource.kind })).schema
        .fields;
    } catch {
      return false;
    }
    return isRequired(fields, field);
  };
}

/** The field at a value path (list indices dropped, as the field tree names item fields) is required. */
export function isRequired(fields: readonly SchemaField[], valuePath: string): boolean {
  const names = valuePath.replace(/\[\d+\]/g, "").split(".");
  let level: readonly SchemaField[] | undefined = fields;
  let found: SchemaField | undefined;
  for (const name of names) {
    found = level?.find((f) => f.name === name);
    if (!found) return false;
    level = found.children;
  }
  if (!found) return false;
  // A reference object (`{name, kind}`): required when the object is, or when its `name` is and it was written.
  if (found.required) return true;
  const endsInItem = /\]$/.test(valuePath);
  return endsInItem && (found.children ?? []).some((c) => c.name === "name" && c.required);
}
