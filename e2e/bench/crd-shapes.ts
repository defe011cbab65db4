import { GROUP } from "./data.ts";

/**
 * Generated CRDs the size of real operators' (Crossplane providers' managed resources: a spec of a few dozen
 * fields, most with long descriptions, nested a few levels), installed as `kubectl apply` installs them (with the
 * `last-applied-configuration` annotation, a second copy of the whole CRD). `i` picks the name, group and scope.
 */
export function realisticCrd(i: number, options: { fields?: number; group?: string } = {}) {
  const group = options.group ?? `g${String(Math.floor(i / 10)).padStart(3, "0")}.crds.${GROUP}`;
  const kind = `Managed${String(i).padStart(4, "0")}`;
  const plural = `${kind.toLowerCase()}s`;
  const fields = options.fields ?? 40;
  const properties: Record<string, unknown> = {};
  for (let f = 0; f < fields; f++) {
    properties[`field${f}`] = {
      type: "object",
      description: `Field ${f} of ${kind}: ${"a description as long as a provider's generated one. ".repeat(4)}`,
      properties: {
        name: { type: "string", description: "The name of the referenced object in the provider's API." },
        size: { type: "integer", format: "int64", minimum: 0, description: "Its size, in the provider's units." },
        tags: { type: "array", items: { type: "string" }, description: "Tags the provider attaches to it." },
      },
    };
  }
  const crd = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}`, annotations: {} as Record<string, string> },
    spec: {
      group,
      scope: i % 5 === 0 ? "Cluster" : "Namespaced",
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List`, categories: ["managed"] },
      versions: [
        {
          name: "v1beta1",
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: "Ready", type: "string", jsonPath: ".status.conditions[?(@.type=='Ready')].status" },
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
          ],
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: { type: "object", properties: { forProvider: { type: "object", properties } } },
                status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
              },
            },
          },
        },
      ],
    },
  };
  crd.metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"] = JSON.stringify({
    ...crd,
    metadata: { name: crd.metadata.name },
  });
  return crd;
}

/**
 * A CRD whose kind's schema is huge, as Argo Workflows' Workflow is (a Pod template and every template kind, nested):
 * `copies` copies (a fractional last one: part of it) of `template` (a real CRD's version schema, e.g. prometheus-operator's Prometheus) side by side
 * under `spec`, each one level deeper than the one before. Stored objects must stay under etcd's 1.5 MiB.
 */
export function hugeSchemaCrd(template: Record<string, unknown>, copies: number, group = `huge.${GROUP}`) {
  const spec = (template.properties as Record<string, { properties?: Record<string, unknown> }> | undefined)?.spec;
  const properties: Record<string, unknown> = {};
  // CEL rules are left out: the API server bounds a CRD's total estimated rule cost, and copies would exceed it.
  const withoutRules = JSON.parse(JSON.stringify(spec ?? {}), (key, value) =>
    key === "x-kubernetes-validations" ? undefined : value,
  ) as Record<string, unknown>;
  for (let c = 0; c < copies; c++) {
    // A fractional last copy takes that share of the template's fields.
    const share = Math.min(1, copies - c);
    const fields = Object.entries((withoutRules.properties ?? {}) as Record<string, unknown>);
    const kept = Object.fromEntries(fields.slice(0, Math.ceil(fields.length * share)));
    properties[`template${c}`] = { ...withoutRules, properties: kept, description: `template ${c}` };
  }
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `workflows.${group}` },
    spec: {
      group,
      scope: "Namespaced",
      names: { kind: "Workflow", plural: "workflows", singular: "workflow", listKind: "WorkflowList" },
      versions: [
        {
          name: "v1alpha1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: { spec: { type: "object", properties }, status: { type: "object" } },
            },
          },
        },
      ],
    },
  };
}
