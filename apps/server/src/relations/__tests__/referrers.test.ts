import type { SchemaField } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { ANY_KIND, referencedKinds } from "../referrers.ts";
import { kinds } from "./catalog-fixture.ts";

const f = (path: string, type: string, children?: SchemaField[]): SchemaField => ({
  path,
  name: path.split(".").at(-1) as string,
  type,
  required: false,
  ...(children ? { children } : {}),
});

describe("referencedKinds", () => {
  it("reads from a schema which kinds its objects may reference or select", () => {
    const certificate = [
      f("metadata", "<ObjectMeta>", [
        f("metadata.ownerReferences", "<[]Object>", [
          f("metadata.ownerReferences.name", "<string>"),
          f("metadata.ownerReferences.kind", "<string>"),
        ]),
      ]),
      f("spec", "<Object>", [
        f("spec.secretName", "<string>"),
        f("spec.commonName", "<string>"),
        f("spec.issuerRef", "<Object>", [f("spec.issuerRef.name", "<string>"), f("spec.issuerRef.kind", "<string>")]),
      ]),
      f("status", "<Object>", [f("status.conditions", "<[]Object>", [f("status.conditions.type", "<string>")])]),
    ];
    // metadata's ownerReferences are not references; issuerRef names its kind, so it may be any.
    expect([...referencedKinds(certificate, kinds, "cert-manager.io")].sort()).toEqual([ANY_KIND, "secret"]);

    const pod = [
      f("spec", "<Object>", [
        f("spec.serviceAccountName", "<string>"),
        f("spec.imagePullSecrets", "<[]Object>", [f("spec.imagePullSecrets.name", "<string>")]),
        f("spec.volumes", "<[]Object>", [
          f("spec.volumes.name", "<string>"),
          f("spec.volumes.configMap", "<Object>", [f("spec.volumes.configMap.name", "<string>")]),
          f("spec.volumes.persistentVolumeClaim", "<Object>", [
            f("spec.volumes.persistentVolumeClaim.claimName", "<string>"),
          ]),
        ]),
      ]),
    ];
    expect([...referencedKinds(pod, kinds, "")].sort()).toEqual([
      "configmap",
      "persistentvolumeclaim",
      "secret",
      "serviceaccount",
    ]);
    const service = [f("spec", "<Object>", [f("spec.selector", "<map[string]string>")])];
    expect([...referencedKinds(service, kinds, "")]).toEqual(["pod"]);
    // A schema that says nothing of its fields cannot be known to reference anything.
    expect(referencedKinds([f("spec", "<Object>")], kinds, "x.io").size).toBe(0);
  });
});
