/**
 * Generated CustomResourceDefinitions of every shape a real cluster throws at Loupe, for tests and benchmarks:
 * many groups (Crossplane installs hundreds), a kind with very many versions, multi-version kinds whose storage
 * version is not listed first and whose schemas differ, cluster-scoped kinds, one kind name in two groups,
 * categories, and a huge schema. Objects only: the caller creates them (and waits for them to be served).
 */

type Json = Record<string, unknown>;

const schemaOf = (spec: Json): Json => ({
  openAPIV3Schema: {
    type: "object",
    properties: { spec: { type: "object", properties: spec }, status: { type: "object" } },
  },
});

function crd(options: {
  group: string;
  kind: string;
  plural?: string;
  scope?: "Namespaced" | "Cluster";
  versions: Json[];
  shortNames?: string[];
  categories?: string[];
}): Json {
  const plural = options.plural ?? `${options.kind.toLowerCase()}s`;
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${options.group}` },
    spec: {
      group: options.group,
      scope: options.scope ?? "Namespaced",
      names: {
        kind: options.kind,
        plural,
        singular: options.kind.toLowerCase(),
        listKind: `${options.kind}List`,
        ...(options.shortNames ? { shortNames: options.shortNames } : {}),
        ...(options.categories ? { categories: options.categories } : {}),
      },
      versions: options.versions,
    },
  };
}

const simpleVersion = (name: string, storage: boolean, spec: Json = { size: { type: "integer" } }): Json => ({
  name,
  served: true,
  storage,
  schema: JSON.parse(JSON.stringify(schemaOf(spec))),
});

/**
 * `count` CRDs spread over `groups` groups named `g<N>.<suffix>`, like a cloud provider's: kinds `Thing<N>`, a
 * category shared by all (`<category>`) and one per group, every tenth cluster-scoped.
 */
export function bulkCrds(count: number, options: { groups?: number; suffix?: string; category?: string } = {}): Json[] {
  const groups = Math.max(1, options.groups ?? Math.ceil(count / 12));
  const suffix = options.suffix ?? "bulk.loupe.test";
  const category = options.category ?? "bulk";
  const out: Json[] = [];
  for (let i = 0; i < count; i++) {
    const g = i % groups;
    out.push(
      crd({
        group: `g${g}.${suffix}`,
        kind: `Thing${i}`,
        scope: i % 10 === 9 ? "Cluster" : "Namespaced",
        categories: [category, `${category}-g${g}`],
        versions: [simpleVersion("v1", true)],
      }),
    );
  }
  return out;
}

/**
 * The odd shapes, in group `<suffix>` and its neighbours:
 * - `Migration` (migrations.shapes…): versions v1alpha1, v1beta1, v1 listed in that order with v1beta1 the storage
 *   version (not first), and schemas that differ between them (a field added, one removed, one changing type);
 *   v1alpha1 deprecated with a warning.
 * - `Sprawl`: `versionCount` served versions (v1 storage, the rest alpha/beta versions).
 * - `Region`: cluster-scoped, with short names and a category.
 * - `Widget` in two groups (`a.<suffix>` and `b.<suffix>`): one kind name, two resources.
 * - `Atlas`: a huge schema (`hugeFields` object properties, each with a description and nested fields).
 */
export function shapeCrds(options: { suffix?: string; versionCount?: number; hugeFields?: number } = {}): Json[] {
  const suffix = options.suffix ?? "shapes.loupe.test";
  const versionCount = options.versionCount ?? 120;
  const hugeFields = options.hugeFields ?? 2_000;
  const sprawl: Json[] = [simpleVersion("v1", true)];
  for (let i = 1; sprawl.length < versionCount; i++) {
    sprawl.push({ ...simpleVersion(`v${i}alpha1`, false), served: true });
    if (sprawl.length < versionCount) sprawl.push({ ...simpleVersion(`v${i}beta1`, false), served: true });
  }
  const huge: Json = {};
  for (let i = 0; i < hugeFields; i++) {
    huge[`field${i}`] = {
      type: "object",
      description: `Field ${i} of a very large schema, described at some length as generated API docs are. `.repeat(3),
      properties: { name: { type: "string" }, count: { type: "integer" }, enabled: { type: "boolean" } },
    };
  }
  return [
    crd({
      group: suffix,
      kind: "Migration",
      shortNames: ["mig"],
      categories: ["shapes"],
      versions: [
        {
          ...simpleVersion("v1alpha1", false, { size: { type: "string" }, legacy: { type: "boolean" } }),
          deprecated: true,
          deprecationWarning: "shapes v1alpha1 Migration is deprecated; use v1",
        },
        simpleVersion("v1beta1", true, { size: { type: "integer" }, legacy: { type: "boolean" } }),
        {
          ...simpleVersion("v1", false, {
            size: { type: "integer" },
            mode: { type: "string", enum: ["fast", "safe"] },
          }),
          additionalPrinterColumns: [
            { name: "Size", type: "integer", jsonPath: ".spec.size" },
            { name: "Mode", type: "string", jsonPath: ".spec.mode", priority: 1 },
          ],
        },
      ],
    }),
    crd({ group: suffix, kind: "Sprawl", categories: ["shapes"], versions: sprawl }),
    crd({
      group: suffix,
      kind: "Region",
      scope: "Cluster",
      shortNames: ["rg", "reg"],
      categories: ["shapes", "geo"],
      versions: [simpleVersion("v1", true)],
    }),
    crd({ group: `a.${suffix}`, kind: "Widget", categories: ["shapes"], versions: [simpleVersion("v1", true)] }),
    crd({ group: `b.${suffix}`, kind: "Widget", categories: ["shapes"], versions: [simpleVersion("v1", true)] }),
    crd({ group: suffix, kind: "Atlas", plural: "atlases", versions: [simpleVersion("v1", true, huge)] }),
  ];
}
