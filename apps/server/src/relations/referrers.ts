import type { Catalog, CatalogResource, SchemaField } from "@loupe/protocol";
import type { KindSchemas } from "../schema/kind-schemas.ts";
import type { KindIndex } from "./kinds.ts";

/** A kind whose schema has a field shaped `{name, kind}`: it may reference any kind. */
export const ANY_KIND = "*";
const BUILD_CONCURRENCY = 8;

const refKey = (r: Pick<CatalogResource, "group" | "resource">) => `${r.group}/${r.resource}`;

/**
 * Which kinds may reference or select which, read from each kind's schema with the rules `infer.ts` applies to
 * values: `<kind>Name` / `<kind>Ref` fields, objects with `name` under a kind-naming key, objects with `name` and
 * `kind` (any kind), selectors. So the search for what points at an object lists only the kinds that can, not every
 * kind. A kind whose schema says nothing about its fields (`x-kubernetes-preserve-unknown-fields` with no
 * properties) cannot be known to reference anything and is not searched. Built once per catalog (the schemas are
 * cached per OpenAPI document), in the background; a kind whose schema cannot be read is searched (unknown).
 */
export class ReferrerIndex {
  readonly #schemas: KindSchemas;
  readonly #built = new WeakMap<Catalog, Promise<Map<string, Set<string>>>>();

  constructor(schemas: KindSchemas) {
    this.#schemas = schemas;
  }

  /** The kinds whose objects may reference or select objects of `target`. */
  async referrersOf(catalog: Catalog, kinds: KindIndex, target: CatalogResource): Promise<CatalogResource[]> {
    let built = this.#built.get(catalog);
    if (!built) {
      built = this.#build(kinds);
      this.#built.set(catalog, built);
    }
    const targets = await built;
    const kind = target.kind.toLowerCase();
    return kinds.resources.filter((r) => {
      const set = targets.get(refKey(r));
      return set !== undefined && (set.has(kind) || set.has(ANY_KIND));
    });
  }

  async #build(kinds: KindIndex): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    const queue = kinds.resources.filter((r) => r.verbs.includes("list"));
    const worker = async () => {
      for (let r = queue.shift(); r !== undefined; r = queue.shift()) {
        try {
          const schema = await this.#schemas.get({ group: r.group, version: r.version, kind: r.kind });
          out.set(refKey(r), referencedKinds(schema.schema.fields, kinds, r.group));
        } catch {
          out.set(refKey(r), new Set([ANY_KIND]));
        }
      }
    };
    await Promise.all(Array.from({ length: BUILD_CONCURRENCY }, worker));
    return out;
  }
}

const SUFFIXES = ["KeyRef", "Reference", "Refs", "Ref", "Names", "Name"];

/** The kinds (lower-case, or {@link ANY_KIND}) a kind's fields may reference or select. Pure. */
export function referencedKinds(fields: readonly SchemaField[], kinds: KindIndex, ownGroup: string): Set<string> {
  const found = new Set<string>();
  const add = (list: readonly CatalogResource[]) => {
    for (const r of list) found.add(r.kind.toLowerCase());
  };
  const walk = (list: readonly SchemaField[]) => {
    for (const f of list) {
      if (f.path === "metadata" || f.path.endsWith(".conditions")) continue;
      const children = f.children ?? [];
      const isList = f.type.startsWith("<[]");
      const key = isList && f.name.endsWith("s") ? f.name.slice(0, -1) : f.name;
      if (/selector$/i.test(f.name)) {
        const prefix = f.name.slice(0, -"selector".length);
        add(prefix === "" ? kinds.byKind("Pod", "") : kinds.forPrefix(prefix, false, ownGroup));
        continue;
      }
      const suffix = SUFFIXES.find((s) => key.endsWith(s) && key.length > s.length);
      const prefix = suffix ? key.slice(0, -suffix.length) : key;
      if (children.some((c) => c.name === "name")) {
        if (children.some((c) => c.name === "kind")) found.add(ANY_KIND);
        else add(kinds.forPrefix(prefix.replace(/Key$/, ""), suffix !== undefined, ownGroup));
      } else if (children.length === 0 && (f.type === "<string>" || f.type === "<[]string>")) {
        if (suffix) add(kinds.forPrefix(prefix, true, ownGroup));
        else add(kinds.byKind(f.name, undefined, ownGroup));
      }
      walk(children);
    }
  };
  walk(fields);
  return found;
}
