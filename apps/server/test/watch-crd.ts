import type { Kube } from "./watch-support.ts";

/**
 * Creates a namespaced CRD `gadgets.<group>` (v1, any spec, a printer column) that a test owns, and waits until
 * the API server serves it.
 */
export async function createGadgetCrd(
  kube: Kube,
  group: string,
): Promise<{ resource: string; cleanup(): Promise<void> }> {
  const name = `gadgets.${group}`;
  await kube.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name },
    spec: {
      group,
      scope: "Namespaced",
      names: { plural: "gadgets", singular: "gadget", kind: "Gadget", listKind: "GadgetList" },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
            },
          },
          additionalPrinterColumns: [{ name: "Size", type: "integer", jsonPath: ".spec.size" }],
        },
      ],
    },
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await kube.request("GET", `/apis/${group}/v1/gadgets?limit=1`);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    resource: "gadgets",
    cleanup: async () => {
      await kube.request("DELETE", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    },
  };
}
