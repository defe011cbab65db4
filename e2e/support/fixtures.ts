import { join } from "node:path";
import { readManifests, workspaceRoot } from "@loupe/local-cluster";

/** The real-world CRDs the team keeps beside the repository (`shared/fixtures/crds`), by CRD name. */
export async function fixtureCrds(...names: string[]) {
  const all = await readManifests(join(workspaceRoot(), "..", "shared", "fixtures", "crds"));
  return names.map((name) => {
    const crd = all.find((object) => object.metadata?.name === name);
    if (!crd) throw new Error(`no fixture CRD ${name}`);
    return crd as { metadata: { name: string } } & Record<string, unknown>;
  });
}
