import { describe, expect, it } from "vitest";
import { type KubeObject, readManifests, SAMPLES_DIR } from "../samples.ts";

type Version = {
  name: string;
  served: boolean;
  storage: boolean;
  subresources?: Record<string, unknown>;
  additionalPrinterColumns?: { name: string }[];
  schema: { openAPIV3Schema: { properties: Record<string, { properties?: Record<string, { pattern?: string }> }> } };
};
type Crd = KubeObject & {
  spec: { group: string; scope: string; names: { kind: string; shortNames?: string[] }; versions: Version[] };
};

const objects = await readManifests(SAMPLES_DIR);
const crds = objects.filter((o): o is Crd => o.kind === "CustomResourceDefinition");
const crd = (name: string) => {
  const found = crds.find((c) => c.metadata.name === name);
  if (!found) throw new Error(`no CRD ${name}`);
  return found;
};

describe("samples", () => {
  it("define MyService and CronTab as the tutorials do", () => {
    const myservice = crd("myservices.stable.example.com");
    expect(myservice.spec.scope).toBe("Namespaced");
    const crontab = crd("crontabs.stable.example.com");
    expect(crontab.spec.names.shortNames).toEqual(["ct"]);
    const cronSpec = crontab.spec.versions[0]?.schema.openAPIV3Schema.properties.spec?.properties?.cronSpec;
    expect(cronSpec?.pattern).toBe("^(\\S+\\s){5}\\S+$");
  });

  it("ship a CronTab instance that its own pattern accepts (the tutorial's did not)", () => {
    const pattern = /^(\S+\s){5}\S+$/;
    const instance = objects.find((o) => o.kind === "CronTab" && o.metadata.name === "my-first-crontab");
    const spec = instance?.spec as { cronSpec: string } | undefined;
    expect(pattern.test(spec?.cronSpec ?? "")).toBe(true);
    expect(pattern.test("0 0 * * *")).toBe(false);
  });

  it("include a cluster-scoped kind and a two-version kind with printer columns, status and scale", () => {
    expect(crds.filter((c) => c.spec.scope === "Cluster").length).toBeGreaterThanOrEqual(1);
    const widget = crd("widgets.demo.loupe.dev");
    expect(widget.spec.versions.map((v) => [v.name, v.served, v.storage])).toEqual([
      ["v1alpha1", true, false],
      ["v1", true, true],
    ]);
    for (const version of widget.spec.versions) {
      expect(Object.keys(version.subresources ?? {}).sort()).toEqual(["scale", "status"]);
      expect(version.additionalPrinterColumns?.length).toBeGreaterThan(0);
    }
  });

  it("name the tutorials' objects in default", () => {
    const names = objects
      .filter((o) => o.kind === "MyService")
      .map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    expect(names).toEqual(["default/my-nginx-service", "default/my-apache-service"]);
  });
});
