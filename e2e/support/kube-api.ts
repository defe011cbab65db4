import { Agent, request } from "node:https";
import type { TestCluster } from "../../packages/local-cluster/src/testing.ts";

/** A JSON answer from the API server. */
export interface KubeAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * Talks to the run's API server directly (not through Loupe), as a test's "someone else changing the cluster":
 * with the admin token by default, over one keep-alive agent so thousands of requests can run concurrently.
 */
export function kubeApi(cluster: TestCluster, token = cluster.tokens.admin) {
  const agent = new Agent({ ca: cluster.caData, keepAlive: true, maxSockets: 64 });
  const url = new URL(cluster.server);

  function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
  ): Promise<KubeAnswer<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(payload === undefined
              ? {}
              : { "content-type": contentType, "content-length": Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {}
            resolve({ status: res.statusCode ?? 0, body: parsed as T });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  /** Like call, but throws unless the status is 2xx (or one of `allow`). */
  async function must<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
    allow: number[] = [],
  ): Promise<KubeAnswer<T>> {
    const answer = await call<T>(method, path, body, contentType);
    if ((answer.status < 200 || answer.status > 299) && !allow.includes(answer.status)) {
      throw new Error(`${method} ${path} → ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
    }
    return answer;
  }

  return {
    call,
    must,
    create: (path: string, object: unknown) => must("POST", path, object),
    mergePatch: (path: string, patch: unknown) => must("PATCH", path, patch, "application/merge-patch+json"),
    remove: (path: string) => must("DELETE", path, undefined, undefined, [404]),
    /** Creates a namespace (a 409 for an existing one is fine). */
    namespace: (name: string) =>
      must("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name } }, undefined, [409]),
    /** Applies a CRD and waits until it is Established. */
    async crd(crd: { metadata: { name: string } } & Record<string, unknown>) {
      await must("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, undefined, [409]);
      const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`;
      for (let i = 0; i < 300; i++) {
        const got = await call<{ status?: { conditions?: { type: string; status: string }[] } }>("GET", path);
        if (got.body.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`CRD ${crd.metadata.name} not established`);
    },
    close: () => agent.destroy(),
  };
}

/** A unique suffix for names a test creates, so files and reruns never collide. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

/** A minimal namespaced CRD in group `group` with a `spec` of free-form fields and printer columns. */
export function simpleCrd(group: string, kind: string, plural: string, options: { shortNames?: string[] } = {}) {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: "Namespaced",
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List`, shortNames: options.shortNames },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
              },
            },
          },
          additionalPrinterColumns: [
            { name: "Size", type: "integer", jsonPath: ".spec.size" },
            { name: "Color", type: "string", jsonPath: ".spec.color" },
            { name: "Note", type: "string", jsonPath: ".spec.note", priority: 1 },
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
          ],
        },
      ],
    },
  };
}
