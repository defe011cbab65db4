/** One field a manager owns, from `metadata.managedFields` (fieldsV1). */
export interface OwnedField {
  /** For people: `spec.replicas`, `spec.ports[containerPort=8080,protocol=TCP].name`, `metadata.labels["app"]`. */
  path: string;
  /** The same as a JSON Pointer when the path has only field names (to join with recorded changes), else null. */
  pointer: string | null;
  manager: string;
  operation: string;
  time: string | undefined;
  subresource: string | undefined;
}

interface Entry {
  manager?: string;
  operation?: string;
  time?: string;
  subresource?: string;
  fieldsV1?: unknown;
}

/** Every leaf field of every managedFields entry, sorted by path. Entries without fieldsV1 are skipped. */
export function ownedFields(object: unknown, limit = 2_000): OwnedField[] {
  const entries = (object as { metadata?: { managedFields?: unknown } } | null)?.metadata?.managedFields;
  if (!Array.isArray(entries)) return [];
  const out: OwnedField[] = [];
  for (const entry of entries as Entry[]) {
    const walk = (node: unknown, path: string, pointer: string | null) => {
      if (out.length >= limit || !node || typeof node !== "object") return;
      const keys = Object.keys(node as Record<string, unknown>).filter((k) => k !== ".");
      if (keys.length === 0) {
        if (path) {
          out.push({
            path,
            pointer,
            manager: entry.manager ?? "",
            operation: entry.operation ?? "",
            time: entry.time,
            subresource: entry.subresource,
          });
        }
        return;
      }
      for (const key of keys) {
        const child = (node as Record<string, unknown>)[key];
        const [label, pointerPart] = segment(key);
        const nextPath = label.startsWith("[") ? `${path}${label}` : path ? `${path}.${label}` : label;
        walk(child, nextPath, pointer !== null && pointerPart !== null ? `${pointer}/${pointerPart}` : null);
      }
    };
    walk(entry.fieldsV1, "", "");
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** A fieldsV1 key as a path label and a JSON Pointer segment (null for list keys, values and indexes). */
function segment(key: string): [string, string | null] {
  const body = key.slice(2);
  if (key.startsWith("f:")) {
    const label = /^[A-Za-z_$][\w$-]*$/.test(body) ? body : `["${body}"]`;
    return [label, body.replace(/~/g, "~0").replace(/\//g, "~1")];
  }
  if (key.startsWith("k:")) {
    try {
      const fields = JSON.parse(body) as Record<string, unknown>;
      return [
        `[${Object.entries(fields)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(",")}]`,
        null,
      ];
    } catch {
      return [`[${body}]`, null];
    }
  }
  if (key.startsWith("v:")) return [`[${body}]`, null];
  if (key.startsWith("i:")) return [`[${body}]`, null];
  return [key, null];
}
