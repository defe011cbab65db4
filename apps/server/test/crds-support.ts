import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kube } from "./watch-support.ts";

/** Creates CRD objects and waits until the API server serves each at its storage version. */
export async function installCrds(kube: Kube, crds: readonly Record<string, any>[]): Promise<void> {
  for (const crd of crds) await kube.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
  for (const crd of crds) {
    const version = crd.spec.versions.find((v: { storage: boolean }) => v.storage).name;
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await kube.request("GET", `/apis/${crd.spec.group}/${version}/${crd.spec.names.plural}?limit=1`);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

export async function deleteCrds(kube: Kube, crds: readonly Record<string, any>[]): Promise<void> {
  await Promise.all(
    crds.map((crd) =>
      kube
        .request("DELETE", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`)
        .catch(() => undefined),
    ),
  );
}

/**
 * A conversion webhook on this machine's non-loopback address (Endpoints may not point at loopback), behind a
 * selector-less Service in `namespace`: the API server's service proxy reaches it as it would a webhook Pod. It
 * answers ConversionReviews by echoing the uid, and counts them.
 */
export async function startWebhook(
  kube: Kube,
  namespace: string,
  name: string,
  address: string,
): Promise<{ reviews: number; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "loupe-webhook-"));
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${name}.${namespace}.svc`],
      ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
    ],
    { stdio: "ignore" },
  );
  const state = { reviews: 0 };
  const server: Server = createServer(
    { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        let review: { apiVersion?: string; request?: { uid?: string } } = {};
        try {
          review = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {}
        state.reviews++;
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({
            apiVersion: review.apiVersion,
            kind: "ConversionReview",
            response: { uid: review.request?.uid, convertedObjects: [], result: { status: "Success" } },
          }),
        );
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as { port: number }).port;
  await kube.request("POST", `/api/v1/namespaces/${namespace}/services`, {
    metadata: { name },
    spec: { ports: [{ port: 443, targetPort: port }] },
  });
  // The service proxy only goes to addresses that are Pods' (storage.go isValidAddress): a Pod stands for the webhook
  // (no kubelet runs it; its status names this machine's address), and the Endpoints point at it.
  await kube.request("POST", `/api/v1/namespaces/${namespace}/pods`, {
    metadata: { name },
    spec: { containers: [{ name: "webhook", image: "registry.invalid/webhook:1" }] },
  });
  await kube.request(
    "PATCH",
    `/api/v1/namespaces/${namespace}/pods/${name}/status`,
    { status: { podIP: address, podIPs: [{ ip: address }] } },
    "application/merge-patch+json",
  );
  await kube.request("POST", `/api/v1/namespaces/${namespace}/endpoints`, {
    metadata: { name },
    subsets: [
      {
        addresses: [{ ip: address, targetRef: { kind: "Pod", namespace, name } }],
        ports: [{ port }],
      },
    ],
  });
  return {
    get reviews() {
      return state.reviews;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** This machine's first non-loopback IPv4 address (a webhook's Endpoints may not be loopback). */
export async function outsideAddress(): Promise<string | undefined> {
  const { networkInterfaces } = await import("node:os");
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}
