import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";
import { apiUrl } from "../../../lib/resource-path.ts";
import type { SchemaNode } from "../utils/schema-fields.ts";

/** A whole CustomResourceDefinition (apiextensions.k8s.io/v1), as far as the CRD page reads it. */
export interface CrdObject {
  metadata: { name: string; uid?: string; resourceVersion?: string; creationTimestamp?: string };
  spec: {
    group: string;
    scope: "Namespaced" | "Cluster";
    names: { kind: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions: CrdVersion[];
    conversion?: {
      strategy?: string;
      webhook?: {
        conversionReviewVersions?: string[];
        clientConfig?: { url?: string; service?: { namespace?: string; name?: string; path?: string; port?: number } };
      };
    };
  };
  status?: {
    storedVersions?: string[];
    conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[];
    acceptedNames?: { kind?: string; plural?: string };
  };
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: SchemaNode };
  additionalPrinterColumns?: {
    name: string;
    type: string;
    jsonPath: string;
    description?: string;
    priority?: number;
    format?: string;
  }[];
  subresources?: { status?: object; scale?: { specReplicasPath?: string; statusReplicasPath?: string } };
  selectableFields?: { jsonPath: string }[];
}

const target = (name: string) => ({
  group: "apiextensions.k8s.io",
  version: "v1",
  resource: "customresourcedefinitions",
  name,
});

/**
 * One CRD, whole (schemas included), through the generic k8s route with the user's credentials. Only the CRD page
 * reads it; useCrdFollow invalidates it when the CRD changes.
 */
export const crdQueryOptions = (context: string, name: string) =>
  queryOptions({
    queryKey: ["contexts", context, "crd", name],
    queryFn: ({ signal }) => api<CrdObject>(apiUrl(context, target(name)), { signal }),
    staleTime: 30_000,
  });

export const useCrd = (context: string, name: string) => useQuery(crdQueryOptions(context, name));
